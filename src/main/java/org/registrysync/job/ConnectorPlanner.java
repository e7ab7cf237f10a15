package org.registrysync.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import org.registrysync.client.ConnectorUpdate;
import org.registrysync.client.CortexClient;
import org.registrysync.client.CortexFatalException;
import org.registrysync.inventory.DuplicateIds;
import org.registrysync.inventory.InventoryRecord;
import org.registrysync.mapping.ConnectorMapper;
import org.registrysync.mapping.FieldChanges;
import org.registrysync.mapping.Fingerprinter;
import org.registrysync.mapping.MappingResult;
import org.registrysync.mapping.RequestBodies;
import org.registrysync.mapping.RequestBody;
import org.registrysync.mapping.SecretResolutionException;
import org.registrysync.outcome.LedgerEntry;
import org.registrysync.outcome.LedgerRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.transaction.support.TransactionOperations;

import tools.jackson.databind.json.JsonMapper;

/**
 * Decides what becomes of each record: validated and mapped, compared with the ledger by
 * its fingerprint, then left out ({@code sync.only}), rejected, unchanged, planned (dry
 * run) or sent. Sending starts here, so that requests flow without waiting for chunk
 * boundaries. Warns once per run about secrets written in clear. Not thread-safe.
 */
public class ConnectorPlanner {

	private static final Logger log = LoggerFactory.getLogger(ConnectorPlanner.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final ConnectorMapper mapper;

	private final DuplicateIds duplicates;

	private final Set<String> only;

	private final RequestBodies bodies;

	private final @Nullable Fingerprinter fingerprinter;

	private final LedgerRepository ledger;

	private final String tenant;

	private final boolean full;

	private final @Nullable CortexClient cortex;

	private final TransactionOperations lookups;

	private final AtomicBoolean warned = new AtomicBoolean();

	/**
	 * @param only the connector ids to touch; empty for all
	 * @param fingerprinter keys the ledger; {@code null} when there is no key, and then
	 * nothing is unchanged
	 * @param full send unchanged connectors too
	 * @param cortex sends the updates; {@code null} in a dry run
	 * @param lookups runs the ledger lookups, each in a transaction of its own
	 */
	public ConnectorPlanner(ConnectorMapper mapper, DuplicateIds duplicates, Set<String> only, RequestBodies bodies,
			@Nullable Fingerprinter fingerprinter, LedgerRepository ledger, String tenant, boolean full,
			@Nullable CortexClient cortex, TransactionOperations lookups) {
		this.mapper = mapper;
		this.duplicates = duplicates;
		this.only = Set.copyOf(only);
		this.bodies = bodies;
		this.fingerprinter = fingerprinter;
		this.ledger = ledger;
		this.tenant = tenant;
		this.full = full;
		this.cortex = cortex;
		this.lookups = lookups;
	}

	/**
	 * Sends nothing more: the updates started ahead of the step, and any later ones, fail
	 * with this reason. For a run that fails for a reason that is not Cortex's (the
	 * database, the lock): its look-ahead must not go on sending.
	 */
	public void stopSending(String reason) {
		if (cortex != null) {
			cortex.stop(new CortexFatalException(reason));
		}
	}

	/** Plans records in order, looking the valid ones up in the ledger together. */
	public List<SyncItem> plan(List<InventoryRecord> records) {
		List<SyncItem> items = new ArrayList<>(records.size());
		List<Valid> valid = new ArrayList<>();
		for (InventoryRecord record : records) {
			SyncItem.Origin origin = new SyncItem.Origin(record.number(), record.source(), record.connectorId());
			String id = record.connectorId();
			if (!only.isEmpty() && (id == null || !only.contains(id))) {
				items.add(new SyncItem.Skipped(origin));
				continue;
			}
			switch (mapper.map(record, duplicates)) {
				case MappingResult.Rejected rejected -> items.add(new SyncItem.Rejected(origin, rejected.message()));
				case MappingResult.Mapped mapped -> {
					warnAboutLiteralSecrets(mapped, record);
					try {
						RequestBody body = bodies.write(mapped.request());
						String connectorId = mapped.request().connectorId();
						LedgerEntry entry = fingerprinter == null ? null
								: new LedgerEntry(connectorId, fingerprinter.fingerprint(body.json()),
										JSON.writeValueAsString(FieldChanges.body(mapped.request())),
										fingerprinter.secretsFingerprint(body.password(), body.authToken()));
						Valid planned = new Valid(items.size(), origin, connectorId, body, entry);
						valid.add(planned);
						items.add(null);
					}
					catch (SecretResolutionException e) {
						items.add(new SyncItem.Rejected(origin, e.getMessage()));
					}
				}
			}
		}
		List<String> ids = valid.stream().map(Valid::connectorId).toList();
		// In a short transaction of its own: the chunk's transaction must not have
		// touched the database while its requests are in flight (SPEC §4).
		Map<String, String> known = (fingerprinter == null || valid.isEmpty()) ? Map.of()
				: Objects.requireNonNull(lookups.execute(status -> ledger.fingerprints(tenant, ids)));
		for (Valid record : valid) {
			items.set(record.index(), decide(record, known.get(record.connectorId())));
		}
		return items;
	}

	private SyncItem decide(Valid record, @Nullable String applied) {
		if (!full && record.entry() != null && record.entry().fingerprint().equals(applied)) {
			return new SyncItem.Unchanged(record.origin());
		}
		if (cortex == null) {
			return new SyncItem.Planned(record.origin());
		}
		ConnectorUpdate update = new ConnectorUpdate(record.connectorId(), record.body().json(),
				record.body().secrets());
		return new SyncItem.Sending(record.origin(), record.connectorId(), record.entry(), cortex.submit(update));
	}

	private void warnAboutLiteralSecrets(MappingResult.Mapped mapped, InventoryRecord record) {
		if (mapped.literalSecrets() && warned.compareAndSet(false, true)) {
			MDC.put(CortexClient.CONNECTOR_ID, record.connectorId());
			log.warn("{}: password or auth_token is written in clear in the inventory; prefer ${env:NAME} or "
					+ "${file:/path} (warned once per run)", record.source());
			MDC.remove(CortexClient.CONNECTOR_ID);
		}
	}

	/**
	 * A valid record waiting for the ledger lookup, at its place among the planned items.
	 *
	 * @param entry what the ledger keeps once Cortex accepts it; {@code null} without a
	 * ledger key
	 */
	private record Valid(int index, SyncItem.Origin origin, String connectorId, RequestBody body,
			@Nullable LedgerEntry entry) {
	}

}
