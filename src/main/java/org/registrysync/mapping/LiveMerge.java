package org.registrysync.mapping;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.registrysync.inventory.InventoryFields;
import org.registrysync.inventory.InventoryRecord;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A merge's record ({@code sync.merge}, SPEC §6): a partial record laid over its
 * connector's live definition. The live definition is taken as an export takes it (the
 * fields registry-sync knows; no empty strings of unset fields; no value that reads as a
 * secret reference, which would be resolved on this machine), in the record's own form
 * (text for CSV). Each field of the record replaces the live one;
 * {@code initial_scan_configuration} and {@code vendor_specific_configuration} merge key
 * by key, {@code asset_scope_filters} is replaced whole; JSON {@code null} or
 * {@link #CLEAR} clears a field or a nested key. The secrets are never in a live
 * definition: they come from the record (a cleared one counts as not given), or from the
 * defaults laid under the merged record. A live field that cannot be carried into the
 * update (one registry-sync does not know, or a value that reads as a reference) and that
 * the record neither gives nor clears is named in {@link Merged#kept()}: an update would
 * drop it, since a PUT replaces the whole connector. Thread-safe.
 */
public final class LiveMerge {

	/**
	 * Clears a field in a merge: a CSV cell (where an empty cell keeps the live value) or
	 * a JSON string. Refused as a value anywhere else, so it cannot be a real one.
	 */
	public static final String CLEAR = "${clear}";

	private LiveMerge() {
	}

	/**
	 * The merged record and what the partial record did to it.
	 *
	 * @param record the merged record, at the partial record's place
	 * @param given the fields (dotted paths) the partial record gave a value
	 * @param cleared the fields (dotted paths) it cleared, the secrets left out
	 * @param kept why the connector must be left as it is: one problem a line, each about
	 * a live field an update would drop; empty when it can be sent
	 */
	public record Merged(InventoryRecord record, Set<String> given, Set<String> cleared, List<String> kept) {

		public Merged {
			given = Set.copyOf(given);
			cleared = Set.copyOf(cleared);
			kept = List.copyOf(kept);
		}

	}

	/**
	 * Lays a partial record over a live definition.
	 * @param partial the record as read, without a problem of its own; the defaults are
	 * laid under the merged record afterwards
	 * @param live the connector's live definition, without secrets
	 */
	public static Merged over(InventoryRecord partial, ObjectNode live) {
		String id = partial.connectorId();
		ExportedRecord base = ExportedRecord.of(id == null ? "" : id, live, (connector, field) -> "");
		ObjectNode merged = base.record();
		merged.remove(RequestBodies.SECRET_FIELDS);
		if (partial.textual()) {
			ObjectNode cells = JsonNodeFactory.instance.objectNode();
			merged.properties().forEach(e -> cells.set(e.getKey(), JsonNodes.asCells(e.getValue(), e.getKey())));
			merged = cells;
		}
		Set<String> given = new LinkedHashSet<>();
		Set<String> cleared = new LinkedHashSet<>();
		for (Map.Entry<String, JsonNode> field : partial.fields().properties()) {
			String key = field.getKey();
			JsonNode value = field.getValue();
			if (clears(value)) {
				merged.remove(key);
				if (!RequestBodies.SECRET_FIELDS.contains(key)) {
					cleared.add(key);
				}
			}
			else if (InventoryFields.NESTED.containsKey(key) && value instanceof ObjectNode keys) {
				ObjectNode target = merged.get(key) instanceof ObjectNode existing ? existing : merged.putObject(key);
				for (Map.Entry<String, JsonNode> inner : keys.properties()) {
					String path = key + "." + inner.getKey();
					if (clears(inner.getValue())) {
						target.remove(inner.getKey());
						cleared.add(path);
					}
					else {
						target.set(inner.getKey(), inner.getValue().deepCopy());
						given.add(path);
					}
				}
			}
			else {
				merged.set(key, value.deepCopy());
				given.add(key);
			}
		}
		List<String> kept = new ArrayList<>();
		for (String field : base.unknownFields()) {
			if (!replaced(field, given, cleared) && !unset(live, field)) {
				kept.add(field + ": the connector holds this field, which registry-sync does not know (a newer API); "
						+ "an update replaces the whole connector and would drop it, so none is sent: change this "
						+ "connector in the console, or with a registry-sync that knows the field");
			}
		}
		for (String field : base.referenceLikeFields()) {
			if (!replaced(field, given, cleared)) {
				kept.add(field + ": the connector's value reads as a secret reference (${env:…}, ${file:…}), which "
						+ "registry-sync would resolve on this machine, so it cannot be carried into the update; none "
						+ "is sent unless the record gives this field or clears it");
			}
		}
		return new Merged(new InventoryRecord(partial.number(), partial.source(), merged, partial.textual(), null),
				given, cleared, kept);
	}

	/**
	 * Whether a live field is {@code null} or the empty string: an update that leaves it
	 * out loses nothing.
	 */
	private static boolean unset(ObjectNode live, String path) {
		int dot = path.indexOf('.');
		JsonNode value = dot < 0 ? live.get(path) : (live.get(path.substring(0, dot)) instanceof ObjectNode nested
				? nested.get(path.substring(dot + 1)) : null);
		return value == null || value.isNull() || (value.isString() && value.stringValue().isEmpty());
	}

	/** Whether the record gives or clears a field, or the object it is in. */
	private static boolean replaced(String field, Set<String> given, Set<String> cleared) {
		int dot = field.indexOf('.');
		String top = dot < 0 ? field : field.substring(0, dot);
		boolean nested = InventoryFields.NESTED.containsKey(top);
		return given.contains(field) || cleared.contains(field) || cleared.contains(top)
				|| (!nested && given.contains(top));
	}

	/** Whether a record's value clears its field. */
	public static boolean clears(JsonNode value) {
		return value.isNull() || (value.isString() && value.stringValue().equals(CLEAR));
	}

}
