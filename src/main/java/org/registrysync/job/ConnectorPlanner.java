package org.registrysync.job;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.registrysync.client.ConnectorUpdate;
import org.registrysync.client.CortexClient;
import org.registrysync.client.CortexFatalException;
import org.registrysync.client.FetchResult;
import org.registrysync.inventory.DuplicateIds;
import org.registrysync.inventory.InventoryFields;
import org.registrysync.inventory.InventoryRecord;
import org.registrysync.mapping.ConnectorMapper;
import org.registrysync.mapping.FieldChanges;
import org.registrysync.mapping.Fingerprinter;
import org.registrysync.mapping.InventoryDefaults;
import org.registrysync.mapping.LiveMerge;
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
import tools.jackson.databind.node.ObjectNode;

/**
 * Decides what becomes of each record: validated and mapped, compared with the connector
 * as it is, then left out ({@code sync.only}), rejected, unchanged, planned (dry run) or
 * sent. Sending starts here, so that requests flow without waiting for chunk boundaries.
 * <p>
 * The comparison ({@code sync.compare}, SPEC §5): with {@code ledger} a record is
 * unchanged when its fingerprint is the one the ledger holds, and its field-level changes
 * come from the body the ledger keeps, without any request; with {@code live} each
 * connector is read first (a GET, pipelined like the updates: the decision is chained
 * onto the read, see {@link SyncItem.Reading}) and a record is unchanged when the live
 * definition already is what it asks for and the ledger has seen its secrets, which a GET
 * never gives back. A live definition that differs from what the ledger says was last
 * sent is drift. Warns once per run about secrets written in clear. Not thread-safe; the
 * decisions chained onto reads are.
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

	private final CompareMode compare;

	private final boolean dryRun;

	private final @Nullable CortexClient cortex;

	private final TransactionOperations lookups;

	private final AtomicBoolean warned = new AtomicBoolean();

	private InventoryDefaults defaults = InventoryDefaults.NONE;

	private boolean merge;

	/**
	 * @param only the connector ids to touch; empty for all
	 * @param fingerprinter keys the ledger; {@code null} when there is no key, and then
	 * nothing is unchanged offline
	 * @param full send unchanged connectors too
	 * @param compare what records are compared with
	 * @param dryRun send nothing
	 * @param cortex reads the connectors and sends the updates; {@code null} only in a
	 * dry run that compares with the ledger
	 * @param lookups runs the ledger lookups, each in a transaction of its own
	 */
	public ConnectorPlanner(ConnectorMapper mapper, DuplicateIds duplicates, Set<String> only, RequestBodies bodies,
			@Nullable Fingerprinter fingerprinter, LedgerRepository ledger, String tenant, boolean full,
			CompareMode compare, boolean dryRun, @Nullable CortexClient cortex, TransactionOperations lookups) {
		if (cortex == null && (!dryRun || compare == CompareMode.LIVE)) {
			throw new IllegalArgumentException("a run that sends or reads connectors needs a Cortex client");
		}
		this.mapper = mapper;
		this.duplicates = duplicates;
		this.only = Set.copyOf(only);
		this.bodies = bodies;
		this.fingerprinter = fingerprinter;
		this.ledger = ledger;
		this.tenant = tenant;
		this.full = full;
		this.compare = compare;
		this.dryRun = dryRun;
		this.cortex = cortex;
		this.lookups = lookups;
	}

	/**
	 * Lays these defaults under every record before it is validated
	 * ({@code sync.defaults}); none unless set.
	 */
	public ConnectorPlanner withDefaults(InventoryDefaults defaults) {
		this.defaults = defaults;
		return this;
	}

	/**
	 * Merges each record into its connector's live definition ({@code sync.merge}): the
	 * records name only the fields to change. Needs {@code sync.compare=live}.
	 */
	public ConnectorPlanner merging(boolean merge) {
		if (merge && compare != CompareMode.LIVE) {
			throw new IllegalArgumentException("a merge reads every connector: it compares live");
		}
		this.merge = merge;
		return this;
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
		List<Partial> partial = new ArrayList<>();
		for (InventoryRecord written : records) {
			SyncItem.Origin origin = new SyncItem.Origin(written.number(), written.source(), written.connectorId());
			String id = written.connectorId();
			if (!only.isEmpty() && (id == null || !only.contains(id))) {
				items.add(new SyncItem.Skipped(origin));
				continue;
			}
			if (merge) {
				// The defaults come once the record is laid over the live definition
				// (decideMerged): what the connector has goes before them.
				var problems = mapper.checkPartial(written, duplicates, defaults.fields().propertyNames());
				if (problems.isPresent()) {
					items.add(new SyncItem.Rejected(origin, problems.get().message()));
				}
				else {
					partial.add(new Partial(items.size(), origin, Objects.requireNonNull(id), written));
					items.add(null);
				}
				continue;
			}
			InventoryDefaults.Applied applied = defaults.apply(written);
			InventoryRecord record = applied.record();
			switch (mapper.map(record, duplicates)) {
				case MappingResult.Rejected rejected ->
					items.add(new SyncItem.Rejected(origin, blame(rejected.message(), applied.fromDefaults())));
				case MappingResult.Mapped mapped -> {
					try {
						valid.add(valid(items.size(), origin, mapped, record));
						items.add(null);
					}
					catch (SecretResolutionException e) {
						items.add(new SyncItem.Rejected(origin, e.getMessage()));
					}
				}
			}
		}
		List<String> ids = new ArrayList<>(valid.stream().map(Valid::connectorId).toList());
		partial.forEach(record -> ids.add(record.connectorId()));
		// In a short transaction of its own: the chunk's transaction must not have
		// touched the database while its requests are in flight (SPEC §4).
		Map<String, LedgerEntry> known = (fingerprinter == null || ids.isEmpty()) ? Map.of()
				: Objects.requireNonNull(lookups.execute(status -> ledger.entries(tenant, ids)));
		for (Valid record : valid) {
			LedgerEntry previous = known.get(record.connectorId());
			items.set(record.index(), switch (compare) {
				case LEDGER -> decideOffline(record, previous);
				case LIVE -> read(record.origin(), record.connectorId(), found -> decideLive(record, previous, found));
			});
		}
		for (Partial record : partial) {
			LedgerEntry previous = known.get(record.connectorId());
			items.set(record.index(),
					read(record.origin(), record.connectorId(), found -> decideMerged(record, previous, found)));
		}
		return items;
	}

	/**
	 * A mapped record with its body written, its references resolved.
	 * @throws SecretResolutionException when a secret can no longer be read
	 */
	private Valid valid(int index, SyncItem.Origin origin, MappingResult.Mapped mapped, InventoryRecord record) {
		warnAboutLiteralSecrets(mapped, record);
		RequestBody body = bodies.write(mapped.request());
		String connectorId = mapped.request().connectorId();
		ObjectNode sent = FieldChanges.body(mapped.request());
		Set<String> referenced = FieldChanges.referencedFields(sent);
		// A GET answers resolved values: a live comparison is with them.
		ObjectNode resolved = (compare == CompareMode.LIVE && !referenced.isEmpty()) ? withoutSecrets(body.json())
				: sent;
		LedgerEntry entry = fingerprinter == null ? null
				: new LedgerEntry(connectorId, fingerprinter.fingerprint(body.json()), JSON.writeValueAsString(sent),
						fingerprinter.secretsFingerprint(body.password(), body.authToken()));
		return new Valid(index, origin, connectorId, body, sent, resolved, referenced, entry);
	}

	/**
	 * Lays a merge's record over the live definition and decides the result like any
	 * record compared live; a merged definition that does not validate is invalid, each
	 * problem saying where its value came from.
	 */
	private SyncItem decideMerged(Partial record, @Nullable LedgerEntry previous, FetchResult.Found found) {
		LiveMerge.Merged merged = LiveMerge.over(record.record(), found.definition());
		if (!merged.kept().isEmpty()) {
			return new SyncItem.Rejected(record.origin(), String.join("\n", merged.kept()));
		}
		InventoryDefaults.Applied withDefaults = defaults.apply(merged.record(), merged.cleared());
		return switch (mapper.map(withDefaults.record(), duplicates)) {
			case MappingResult.Rejected rejected ->
				new SyncItem.Rejected(record.origin(), blame(rejected.message(), withDefaults.fromDefaults(), merged));
			case MappingResult.Mapped mapped -> {
				try {
					yield decideLive(valid(-1, record.origin(), mapped, withDefaults.record()), previous, found);
				}
				catch (SecretResolutionException e) {
					yield new SyncItem.Rejected(record.origin(), e.getMessage());
				}
			}
		};
	}

	/**
	 * The problems, each one about a field that came from the defaults saying so: the
	 * record's {@code file:line} is the outcome's source, the defaults file is named
	 * here.
	 */
	private String blame(String problems, Set<String> fromDefaults) {
		return blame(problems, fromDefaults, null);
	}

	/**
	 * The problems, each saying where the value it is about came from when that is not
	 * the record: the defaults file, or, in a merge, the connector's live definition or
	 * the record's clearing of the field.
	 */
	private String blame(String problems, Set<String> fromDefaults, LiveMerge.@Nullable Merged merged) {
		if (fromDefaults.isEmpty() && merged == null) {
			return problems;
		}
		Set<String> live = merged == null ? Set.of() : paths(merged.record().fields());
		List<String> lines = new ArrayList<>();
		for (String line : problems.split("\n")) {
			int colon = line.indexOf(':');
			String field = colon < 0 ? "" : line.substring(0, colon);
			if (covers(fromDefaults, field)) {
				lines.add(line + " (the value comes from " + defaults.file() + ")");
			}
			else if (merged != null && covers(merged.cleared(), field)) {
				lines.add(line.replace("required; the cell is empty", "required") + " (the record clears it)");
			}
			else if (merged != null && !covers(merged.given(), field)
					&& (line.endsWith(": required") || line.endsWith(": required; the cell is empty"))) {
				lines.add(line.replaceFirst(": required(; the cell is empty)?$",
						": required; neither the record nor the connector has it"));
			}
			else if (merged != null && !field.isEmpty() && covers(live, field) && !covers(merged.given(), field)) {
				lines.add(line + " (the value is the connector's live one)");
			}
			else {
				lines.add(line);
			}
		}
		return String.join("\n", lines);
	}

	/**
	 * The fields of a record as dotted paths: each top-level one, but for the nested
	 * objects, whose keys are named instead.
	 */
	private static Set<String> paths(ObjectNode fields) {
		Set<String> paths = new HashSet<>(fields.propertyNames());
		for (String nested : InventoryFields.NESTED.keySet()) {
			if (fields.get(nested) instanceof ObjectNode keys) {
				paths.remove(nested);
				keys.propertyNames().forEach(key -> paths.add(nested + "." + key));
			}
		}
		return paths;
	}

	/** Whether a problem's field is one of these paths, or inside one. */
	private static boolean covers(Set<String> paths, String field) {
		return paths.stream()
			.anyMatch(path -> field.equals(path) || field.startsWith(path + ".") || field.startsWith(path + "["));
	}

	private SyncItem decideOffline(Valid record, @Nullable LedgerEntry previous) {
		if (!full && record.entry() != null && previous != null
				&& record.entry().fingerprint().equals(previous.fingerprint())) {
			return new SyncItem.Unchanged(record.origin(), Comparison.UNKNOWN);
		}
		Comparison comparison = Comparison.UNKNOWN;
		if (record.entry() != null && previous != null && previous.lastSent() != null) {
			comparison = new Comparison(
					FieldChanges.between(lastSent(previous), record.sent(), changedSecrets(record, previous)), null);
		}
		return dryRun ? new SyncItem.Planned(record.origin(), comparison) : send(record, comparison, null);
	}

	/**
	 * Reads a connector, and decides its record where the definition arrives; a record
	 * whose connector cannot be read is decided by the read's failure.
	 */
	private SyncItem read(SyncItem.Origin origin, String connectorId, Function<FetchResult.Found, SyncItem> decide) {
		CortexClient client = Objects.requireNonNull(cortex);
		// The decision runs where the answer arrives; its log lines and the update it
		// sends carry the run's context all the same.
		Map<String, String> context = MDC.getCopyOfContextMap();
		CompletableFuture<SyncItem> decided = client.fetch(connectorId).thenApply(result -> {
			Map<String, String> before = MDC.getCopyOfContextMap();
			if (context != null) {
				MDC.setContextMap(context);
			}
			try {
				return switch (result) {
					case FetchResult.Found found -> decide.apply(found);
					case FetchResult.NotFound notFound -> new SyncItem.ReadFailed(origin, connectorId, notFound);
					case FetchResult.Refused refused -> new SyncItem.ReadFailed(origin, connectorId, refused);
					case FetchResult.Unreadable unreadable -> new SyncItem.ReadFailed(origin, connectorId, unreadable);
					case FetchResult.GaveUp gaveUp -> new SyncItem.ReadFailed(origin, connectorId, gaveUp);
				};
			}
			catch (RuntimeException e) {
				// Not Cortex's doing, and not the record's: the run fails, resumably.
				throw new CortexFatalException("comparing " + connectorId + " with its live definition failed: " + e,
						e);
			}
			finally {
				if (before == null) {
					MDC.clear();
				}
				else {
					MDC.setContextMap(before);
				}
			}
		});
		return new SyncItem.Reading(origin, connectorId, decided);
	}

	/**
	 * Decides a record against its connector's live definition (without secrets: the
	 * client drops them on arrival).
	 */
	private SyncItem decideLive(Valid record, @Nullable LedgerEntry previous, FetchResult.Found found) {
		ObjectNode live = found.definition();
		FieldChanges changes = FieldChanges.between(live, record.resolved(), changedSecrets(record, previous),
				record.referenced());
		Boolean drift = (previous == null || previous.lastSent() == null) ? null : drifted(live, lastSent(previous));
		Comparison comparison = new Comparison(changes, drift);
		if (changes.isEmpty() && !full) {
			return new SyncItem.Unchanged(record.origin(), comparison);
		}
		return dryRun ? new SyncItem.Planned(record.origin(), comparison) : send(record, comparison, found);
	}

	/**
	 * Whether the live definition differs from what was last sent. A field sent from a
	 * reference is left out: the ledger keeps the reference, never the value it gave.
	 */
	private static boolean drifted(ObjectNode live, ObjectNode lastSent) {
		Set<String> referenced = FieldChanges.referencedFields(lastSent);
		return FieldChanges.between(live, lastSent, Set.of())
			.changes()
			.stream()
			.anyMatch(change -> !referenced.contains(change.field()));
	}

	private static ObjectNode withoutSecrets(byte[] body) {
		ObjectNode resolved = (ObjectNode) JSON.readTree(body);
		resolved.remove(RequestBodies.SECRET_FIELDS);
		return resolved;
	}

	/**
	 * Sends a record's update; one decided on a read goes in the read's turn, keeping the
	 * time from the read to the update short.
	 */
	private SyncItem send(Valid record, Comparison comparison, FetchResult.@Nullable Found read) {
		ConnectorUpdate update = new ConnectorUpdate(record.connectorId(), record.body().json(),
				record.body().secrets());
		CortexClient client = Objects.requireNonNull(cortex);
		return new SyncItem.Sending(record.origin(), record.connectorId(), record.entry(), comparison,
				read == null ? client.submit(update) : client.submit(update, read));
	}

	/**
	 * The secrets that change: those whose part of the secrets fingerprint differs from
	 * the ledger's, both when the ledger has never seen them (or there is no ledger key).
	 */
	private static Set<String> changedSecrets(Valid record, @Nullable LedgerEntry previous) {
		if (record.entry() == null || record.entry().secretsFingerprint() == null) {
			return Set.copyOf(RequestBodies.SECRET_FIELDS);
		}
		return Set.copyOf(Fingerprinter.changedSecrets(previous == null ? null : previous.secretsFingerprint(),
				record.entry().secretsFingerprint()));
	}

	private static ObjectNode lastSent(LedgerEntry entry) {
		return (ObjectNode) JSON.readTree(Objects.requireNonNull(entry.lastSent()));
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
	 * @param sent the body as changes are computed from it: without secrets, references
	 * as written
	 * @param resolved {@code sent} with its references resolved, for a comparison with
	 * the live definition; {@code sent} itself when it holds none or compares with the
	 * ledger
	 * @param referenced the fields of {@code sent} that hold references
	 * @param entry what the ledger keeps once Cortex accepts it; {@code null} without a
	 * ledger key
	 */
	private record Valid(int index, SyncItem.Origin origin, String connectorId, RequestBody body, ObjectNode sent,
			ObjectNode resolved, Set<String> referenced, @Nullable LedgerEntry entry) {
	}

	/**
	 * A merge's record waiting for its connector's live definition, at its place among
	 * the planned items.
	 *
	 * @param record the partial record as read
	 */
	private record Partial(int index, SyncItem.Origin origin, String connectorId, InventoryRecord record) {
	}

}
