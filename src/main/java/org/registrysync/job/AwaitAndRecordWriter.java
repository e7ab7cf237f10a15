package org.registrysync.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;
import org.registrysync.client.CortexError;
import org.registrysync.client.FetchResult;
import org.registrysync.client.UpdateResult;
import org.registrysync.mapping.FieldChanges;
import org.registrysync.outcome.LedgerEntry;
import org.registrysync.outcome.LedgerRepository;
import org.registrysync.outcome.Outcome;
import org.registrysync.outcome.OutcomeRepository;
import org.registrysync.outcome.OutcomeRow;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

import tools.jackson.databind.json.JsonMapper;

/**
 * The second half of the step's pipeline (the first is {@link SendAheadReader}): awaits
 * the answers of the chunk's reads ({@code sync.compare=live}) and updates, then records
 * the outcome of every record of the chunk: UPDATED, NOT_FOUND or FAILED from Cortex's
 * answer, INVALID, UNCHANGED, PLANNED as planned, each with the changes and drift its
 * comparison found. The ledger learns the updates Cortex accepted (fingerprints, and the
 * body without its secrets) and forgets the connectors it does not know.
 * <p>
 * All the waiting comes first and touches no database; the chunk's transaction does its
 * first statement only once every answer is in, so that it is never open while a request
 * is in flight or waiting (SPEC §4). No wait is unbounded: the writer looks at the stop
 * signal every second, and when the client has done nothing at all (sent, heard back,
 * begun a pause or a wait before a retry) for longer than {@code idleLimit}, longer than
 * one attempt and the longest single wait take, an answer was lost and the run fails,
 * resumably. Record-level errors are outcomes, so a chunk never rolls back and re-sends
 * updates that succeeded; only a failure of the run itself (key rejected, Cortex down,
 * database down, lock lost) fails the chunk.
 */
public class AwaitAndRecordWriter implements ItemWriter<SyncItem> {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final OutcomeRepository outcomes;

	private final LedgerRepository ledger;

	private final String tenant;

	private final RunIds run;

	private final Clock clock;

	private final StopSignal stop;

	private final RunProgress progress;

	private final SyncMetrics metrics;

	private final RunLock runLock;

	private final AnswerWait answers;

	/**
	 * @param lastActivity when the client last did anything, by {@link System#nanoTime()}
	 * @param idleLimit how long the client may do nothing while an answer is awaited
	 * before the run fails
	 */
	public AwaitAndRecordWriter(OutcomeRepository outcomes, LedgerRepository ledger, String tenant, RunIds run,
			Clock clock, StopSignal stop, RunProgress progress, SyncMetrics metrics, RunLock runLock,
			LongSupplier lastActivity, Duration idleLimit) {
		this.outcomes = outcomes;
		this.ledger = ledger;
		this.tenant = tenant;
		this.run = run;
		this.clock = clock;
		this.stop = stop;
		this.progress = progress;
		this.metrics = metrics;
		this.runLock = runLock;
		this.answers = new AnswerWait(stop, lastActivity, idleLimit);
	}

	/**
	 * The run and execution the rows belong to.
	 *
	 * @param jobInstanceId the run
	 * @param jobExecutionId this execution of it
	 */
	public record RunIds(long jobInstanceId, long jobExecutionId) {
	}

	@Override
	public void write(Chunk<? extends SyncItem> chunk) throws JobInterruptedException {
		List<OutcomeRow> rows = new ArrayList<>(chunk.size());
		List<LedgerEntry> applied = new ArrayList<>();
		List<String> notFound = new ArrayList<>();
		for (SyncItem item : chunk) {
			SyncItem decided = item instanceof SyncItem.Reading reading
					? await(reading.connectorId(), reading.decided()) : item;
			Instant now = clock.instant();
			rows.add(switch (decided) {
				case SyncItem.Skipped skipped -> throw new IllegalStateException("skipped items are filtered");
				case SyncItem.Reading reading -> throw new IllegalStateException("a read decides once");
				case SyncItem.Rejected rejected -> row(decided, Outcome.INVALID, rejected.problems(), now);
				case SyncItem.Unchanged unchanged ->
					compared(row(decided, Outcome.UNCHANGED, null, now), unchanged.comparison());
				case SyncItem.Planned planned ->
					compared(row(decided, Outcome.PLANNED, null, now), planned.comparison());
				case SyncItem.ReadFailed failed -> {
					if (failed.result() instanceof FetchResult.NotFound) {
						notFound.add(failed.connectorId());
					}
					yield readFailed(decided, failed.result());
				}
				case SyncItem.Sending sending -> {
					UpdateResult result = await(sending.connectorId(), sending.result());
					if (result instanceof UpdateResult.Applied && sending.ledgerEntry() != null) {
						applied.add(sending.ledgerEntry());
					}
					if (result instanceof UpdateResult.Refused refused && refused.status() == 404) {
						notFound.add(sending.connectorId());
					}
					yield compared(answered(decided, result), sending.comparison());
				}
			});
		}
		// Every answer is in: the database work of the chunk starts here.
		runLock.check();
		outcomes.insert(rows);
		progress.recorded(rows);
		metrics.recorded(rows);
		Instant now = clock.instant();
		ledger.applied(tenant, applied, run.jobInstanceId(), now);
		ledger.forget(tenant, notFound);
	}

	private <T> T await(String connectorId, CompletableFuture<T> answer) throws JobInterruptedException {
		return answers.await(connectorId, answer);
	}

	private static OutcomeRow compared(OutcomeRow row, Comparison comparison) {
		FieldChanges changes = comparison.changes();
		return new OutcomeRow(row.jobInstanceId(), row.jobExecutionId(), row.recordNumber(), row.connectorId(),
				row.source(), row.outcome(), row.message(), row.httpStatus(), row.errorCode(), row.attempts(),
				row.durationMs(), row.startedAt(), row.finishedAt(),
				(changes == null || row.outcome() == Outcome.UNCHANGED) ? null
						: JSON.writeValueAsString(changes.toJson()),
				comparison.drift());
	}

	private OutcomeRow readFailed(SyncItem item, FetchResult result) {
		SyncItem.Origin origin = item.origin();
		record Failure(Outcome outcome, @Nullable Integer status, @Nullable String code, String message) {
		}
		Failure failure = switch (result) {
			case FetchResult.Found found -> throw new IllegalStateException("a connector read is no failure");
			case FetchResult.NotFound notFound ->
				new Failure(Outcome.NOT_FOUND, 404, notFound.error().code(), said(notFound.error()));
			case FetchResult.Refused refused ->
				new Failure(Outcome.FAILED, refused.status(), refused.error().code(), said(refused.error()));
			case FetchResult.Unreadable unreadable ->
				new Failure(Outcome.FAILED, unreadable.status(), unreadable.error().code(), said(unreadable.error()));
			case FetchResult.GaveUp gaveUp ->
				new Failure(Outcome.FAILED, gaveUp.status(), gaveUp.error().code(), "gave up after " + gaveUp.attempts()
						+ " attempts" + (gaveUp.error().message() == null ? "" : ": " + gaveUp.error().message()));
		};
		Duration duration = result.duration();
		return new OutcomeRow(run.jobInstanceId(), run.jobExecutionId(), origin.number(), origin.connectorId(),
				origin.source().toString(), failure.outcome(),
				"reading the connector: " + failure.message() + "; nothing was sent", failure.status(), failure.code(),
				result.attempts(), duration.toMillis(), result.startedAt(), result.startedAt().plus(duration));
	}

	private static String said(CortexError error) {
		return error.message() == null ? "no message" : error.message();
	}

	private OutcomeRow answered(SyncItem item, UpdateResult result) {
		return switch (result) {
			case UpdateResult.Applied ok -> sent(item, Outcome.UPDATED, ok.status(), null, null, result);
			case UpdateResult.Refused refused ->
				sent(item, refused.status() == 404 ? Outcome.NOT_FOUND : Outcome.FAILED, refused.status(),
						refused.error().code(), refused.error().message(), result);
			case UpdateResult.GaveUp gaveUp -> sent(
					item, Outcome.FAILED, gaveUp.status(), gaveUp.error().code(), "gave up after " + gaveUp.attempts()
							+ " attempts" + (gaveUp.error().message() == null ? "" : ": " + gaveUp.error().message()),
					result);
		};
	}

	private OutcomeRow row(SyncItem item, Outcome outcome, @Nullable String message, Instant now) {
		SyncItem.Origin origin = item.origin();
		return new OutcomeRow(run.jobInstanceId(), run.jobExecutionId(), origin.number(), origin.connectorId(),
				origin.source().toString(), outcome, message, null, null, 0, 0, now, now);
	}

	private OutcomeRow sent(SyncItem item, Outcome outcome, @Nullable Integer status, @Nullable String code,
			@Nullable String message, UpdateResult result) {
		SyncItem.Origin origin = item.origin();
		Duration duration = result.duration();
		return new OutcomeRow(run.jobInstanceId(), run.jobExecutionId(), origin.number(), origin.connectorId(),
				origin.source().toString(), outcome, message, status, code, result.attempts(), duration.toMillis(),
				result.startedAt(), result.startedAt().plus(duration));
	}

}
