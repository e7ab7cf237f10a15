package org.registrysync.mapping;

import java.util.LinkedHashSet;
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
 * definition: they come from the record only. Thread-safe.
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
	 * @param cleared the fields (dotted paths) it cleared
	 */
	public record Merged(InventoryRecord record, Set<String> given, Set<String> cleared) {

		public Merged {
			given = Set.copyOf(given);
			cleared = Set.copyOf(cleared);
		}

	}

	/**
	 * Lays a partial record over a live definition.
	 * @param partial the record as read, with its defaults; without a problem of its own
	 * @param live the connector's live definition, without secrets
	 */
	public static Merged over(InventoryRecord partial, ObjectNode live) {
		String id = partial.connectorId();
		ObjectNode merged = ExportedRecord.of(id == null ? "" : id, live, (connector, field) -> "").record();
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
				cleared.add(key);
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
		return new Merged(new InventoryRecord(partial.number(), partial.source(), merged, partial.textual(), null),
				given, cleared);
	}

	/** Whether a record's value clears its field. */
	public static boolean clears(JsonNode value) {
		return value.isNull() || (value.isString() && value.stringValue().equals(CLEAR));
	}

}
