package org.registrysync.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.registrysync.client.ConnectorUpdate;
import org.registrysync.client.CortexClient;
import org.registrysync.client.UpdateResult;
import org.registrysync.mapping.Fingerprinter;
import org.registrysync.mapping.MappedRecord;
import org.registrysync.mapping.MappingResult;
import org.registrysync.mapping.RequestBodies;
import org.registrysync.mapping.RequestBody;
import org.registrysync.mapping.SecretResolutionException;
import org.registrysync.outcome.LedgerRepository;
import org.registrysync.outcome.Outcome;
import org.registrysync.outcome.OutcomeRepository;
import org.registrysync.outcome.OutcomeRow;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * Decides and records the outcome of every record of a chunk, in the chunk's transaction:
 * <ul>
 * <li>an invalid record is INVALID;</li>
 * <li>a valid one whose fingerprint matches the ledger is UNCHANGED and not sent (unless
 * {@code sync.full});</li>
 * <li>in a dry run the others are PLANNED;</li>
 * <li>otherwise they are sent, up to {@code max-concurrency} at once, and become UPDATED,
 * NOT_FOUND or FAILED.</li>
 * </ul>
 * Record-level errors are outcomes, so a chunk never rolls back and re-sends updates that
 * succeeded; only a failure of the run itself (key rejected, Cortex down, database down)
 * fails the chunk.
 */
public class SyncWriter implements ItemWriter<MappedRecord> {

	private final OutcomeRepository outcomes;

	private final LedgerRepository ledger;

	private final RequestBodies bodies;

	private final @Nullable Fingerprinter fingerprinter;

	private final @Nullable CortexClient cortex;

	private final boolean full;

	private final String tenant;

	private final RunIds run;

	private final Clock clock;

	/**
	 * @param fingerprinter keys the ledger; {@code null} when there is no key, and then
	 * nothing is UNCHANGED
	 * @param cortex sends the updates; {@code null} in a dry run
	 */
	public SyncWriter(OutcomeRepository outcomes, LedgerRepository ledger, RequestBodies bodies,
			@Nullable Fingerprinter fingerprinter, @Nullable CortexClient cortex, boolean full, String tenant,
			RunIds run, Clock clock) {
		this.outcomes = outcomes;
		this.ledger = ledger;
		this.bodies = bodies;
		this.fingerprinter = fingerprinter;
		this.cortex = cortex;
		this.full = full;
		this.tenant = tenant;
		this.run = run;
		this.clock = clock;
	}

	/** The run and execution the rows belong to. */
	public record RunIds(long jobInstanceId, long jobExecutionId) {
	}

	@Override
	public void write(Chunk<? extends MappedRecord> chunk) {
		Instant now = clock.instant();
		Map<Long, OutcomeRow> rows = new HashMap<>();
		List<Pending> valid = new ArrayList<>();
		for (MappedRecord record : chunk) {
			switch (record.result()) {
				case MappingResult.Rejected rejected ->
					rows.put(record.number(), row(record, Outcome.INVALID, rejected.message(), now));
				case MappingResult.Mapped mapped -> {
					try {
						RequestBody body = bodies.write(mapped.request());
						String fingerprint = fingerprinter == null ? null : fingerprinter.fingerprint(body.json());
						valid.add(new Pending(record, mapped.request().connectorId(), body, fingerprint));
					}
					catch (SecretResolutionException e) {
						rows.put(record.number(), row(record, Outcome.FAILED, "cannot resolve " + e.getMessage(), now));
					}
				}
			}
		}
		Map<String, String> known = (fingerprinter == null) ? Map.of()
				: ledger.fingerprints(tenant, valid.stream().map(Pending::connectorId).toList());
		List<Pending> toSend = new ArrayList<>();
		for (Pending pending : valid) {
			if (!full && pending.fingerprint() != null
					&& pending.fingerprint().equals(known.get(pending.connectorId()))) {
				rows.put(pending.record().number(), row(pending.record(), Outcome.UNCHANGED, null, now));
			}
			else if (cortex == null) {
				rows.put(pending.record().number(), row(pending.record(), Outcome.PLANNED, null, now));
			}
			else {
				toSend.add(pending);
			}
		}
		if (!toSend.isEmpty()) {
			send(cortex, toSend, rows);
		}
		List<OutcomeRow> ordered = new ArrayList<>(rows.values());
		ordered.sort(Comparator.comparingLong(OutcomeRow::recordNumber));
		outcomes.insert(ordered);
	}

	/** A valid record and its body, ready to compare with the ledger and to send. */
	private record Pending(MappedRecord record, String connectorId, RequestBody body, @Nullable String fingerprint) {
	}

	private void send(CortexClient client, List<Pending> toSend, Map<Long, OutcomeRow> rows) {
		List<UpdateResult> results = client.updateAll(toSend.stream()
			.map(p -> new ConnectorUpdate(p.connectorId(), p.body().json(), p.body().secrets()))
			.toList());
		Map<String, String> applied = new LinkedHashMap<>();
		List<String> notFound = new ArrayList<>();
		for (int i = 0; i < toSend.size(); i++) {
			Pending pending = toSend.get(i);
			MappedRecord record = pending.record();
			UpdateResult result = results.get(i);
			OutcomeRow row = switch (result) {
				case UpdateResult.Applied ok -> {
					if (pending.fingerprint() != null) {
						applied.put(pending.connectorId(), pending.fingerprint());
					}
					yield sent(record, Outcome.UPDATED, ok.status(), null, null, result);
				}
				case UpdateResult.Refused refused -> {
					boolean missing = refused.status() == 404;
					if (missing) {
						notFound.add(pending.connectorId());
					}
					yield sent(record, missing ? Outcome.NOT_FOUND : Outcome.FAILED, refused.status(),
							refused.error().code(), refused.error().message(), result);
				}
				case UpdateResult.GaveUp gaveUp ->
					sent(record, Outcome.FAILED, gaveUp.status(), gaveUp.error().code(),
							"gave up after " + gaveUp.attempts() + " attempts"
									+ (gaveUp.error().message() == null ? "" : ": " + gaveUp.error().message()),
							result);
			};
			rows.put(record.number(), row);
		}
		Instant now = clock.instant();
		ledger.applied(tenant, applied, run.jobInstanceId(), now);
		ledger.forget(tenant, notFound);
	}

	private OutcomeRow row(MappedRecord record, Outcome outcome, @Nullable String message, Instant now) {
		return new OutcomeRow(run.jobInstanceId(), run.jobExecutionId(), record.number(), record.connectorId(),
				record.source().toString(), outcome, message, null, null, 0, 0, now, now);
	}

	private OutcomeRow sent(MappedRecord record, Outcome outcome, @Nullable Integer status, @Nullable String code,
			@Nullable String message, UpdateResult result) {
		Duration duration = result.duration();
		return new OutcomeRow(run.jobInstanceId(), run.jobExecutionId(), record.number(), record.connectorId(),
				record.source().toString(), outcome, message, status, code, result.attempts(), duration.toMillis(),
				result.startedAt(), result.startedAt().plus(duration));
	}

}
