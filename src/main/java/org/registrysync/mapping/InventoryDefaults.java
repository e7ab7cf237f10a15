package org.registrysync.mapping;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.registrysync.inventory.InventoryFields;
import org.registrysync.inventory.InventoryRecord;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fields every record lacking them takes ({@code sync.defaults}, SPEC §6): one JSON
 * object in a file, checked when it is loaded (a field registry-sync does not know, a
 * broken secret reference, {@code connector_id}), laid under each record before it is
 * validated. A record's own value always wins; {@code initial_scan_configuration} and
 * {@code vendor_specific_configuration} merge key by key; string values may hold
 * {@code {connector_id}}, filled in per record. Immutable and thread-safe.
 *
 * @param file the defaults file as messages name it
 * @param sha256 the file's content hash, part of the run's key: other defaults, another
 * run
 * @param fields the defaults
 */
public record InventoryDefaults(String file, String sha256, ObjectNode fields) {

	/** No defaults. */
	public static final InventoryDefaults NONE = new InventoryDefaults("-", sha256(new byte[0]),
			JsonNodeFactory.instance.objectNode());

	private static final JsonMapper JSON = JsonMapper.builder().build();

	public InventoryDefaults {
		fields = fields.deepCopy();
	}

	@Override
	public ObjectNode fields() {
		return fields.deepCopy();
	}

	/**
	 * Loads and checks a defaults file.
	 * @throws IllegalArgumentException naming the file and the field, when the file is no
	 * JSON object or holds a field that cannot be a default
	 */
	public static InventoryDefaults load(Path path) {
		String name = path.toString();
		byte[] bytes;
		try {
			bytes = Files.readAllBytes(path);
		}
		catch (IOException e) {
			throw new IllegalArgumentException(name + ": cannot read the defaults file (sync.defaults): " + e);
		}
		JsonNode json;
		try {
			json = JSON.readTree(bytes);
		}
		catch (JacksonException e) {
			throw new IllegalArgumentException(name + ": not JSON: " + e.getOriginalMessage()
					+ "; the defaults file (sync.defaults) holds one JSON object of fields");
		}
		if (!(json instanceof ObjectNode object)) {
			throw new IllegalArgumentException(name + ": the defaults file (sync.defaults) must hold one JSON object "
					+ "of fields, e.g. {\"region\": \"eu-west-1\"}, not " + JsonNodes.kind(json));
		}
		for (Map.Entry<String, JsonNode> field : object.properties()) {
			check(name, field.getKey(), field.getValue(), InventoryFields.TOP_LEVEL, "");
		}
		return new InventoryDefaults(name, sha256(bytes), object);
	}

	private static void check(String file, String key, JsonNode value, List<String> known, String prefix) {
		String path = prefix + key;
		if (key.equals("connector_id")) {
			throw new IllegalArgumentException(
					file + ": connector_id: cannot be a default; each record names its " + "own connector");
		}
		if (!known.contains(key)) {
			String hint = InventoryFields.closest(key, known).map(c -> "; did you mean " + prefix + c + "?").orElse("");
			throw new IllegalArgumentException(file + ": " + path + ": unknown field" + hint);
		}
		List<String> nested = prefix.isEmpty() ? InventoryFields.NESTED.get(key) : null;
		if (nested != null && value instanceof ObjectNode object) {
			for (Map.Entry<String, JsonNode> inner : object.properties()) {
				check(file, inner.getKey(), inner.getValue(), nested, key + ".");
			}
		}
		if (value.isString()) {
			try {
				SecretReference.parse(fill(value.stringValue(), "rc-1"));
			}
			catch (IllegalArgumentException e) {
				throw new IllegalArgumentException(file + ": " + path + ": " + e.getMessage());
			}
		}
	}

	/** Whether there are any defaults. */
	public boolean isEmpty() {
		return fields.isEmpty();
	}

	/**
	 * A record with the defaults it lacks, and the fields that came from them.
	 *
	 * @param record the record with the defaults laid under it
	 * @param fromDefaults the fields (dotted paths) that the defaults filled in
	 */
	public record Applied(InventoryRecord record, Set<String> fromDefaults) {
	}

	/**
	 * The record with every default it lacks; a CSV record takes them as text, as its own
	 * cells are. A record with a problem of its own is left as it is.
	 */
	public Applied apply(InventoryRecord record) {
		return apply(record, Set.of());
	}

	/**
	 * The record with every default it lacks, but for these fields.
	 * @param kept the fields (dotted paths) that stay as the record has them, absent
	 * included: those a merge's record cleared
	 */
	public Applied apply(InventoryRecord record, Set<String> kept) {
		if (fields.isEmpty() || record.problem() != null) {
			return new Applied(record, Set.of());
		}
		String id = record.connectorId() == null ? "" : record.connectorId();
		ObjectNode merged = record.fields().deepCopy();
		Set<String> filled = new LinkedHashSet<>();
		for (Map.Entry<String, JsonNode> field : fields.properties()) {
			String key = field.getKey();
			JsonNode own = merged.get(key);
			JsonNode value = field.getValue();
			if (kept.contains(key)) {
				continue;
			}
			if (own == null || own.isNull()) {
				merged.set(key, shaped(value, id, record.textual(), key));
				filled.add(key);
			}
			else if (InventoryFields.NESTED.containsKey(key) && own instanceof ObjectNode ownObject
					&& value instanceof ObjectNode defaults) {
				for (Map.Entry<String, JsonNode> inner : defaults.properties()) {
					JsonNode ownInner = ownObject.get(inner.getKey());
					if ((ownInner == null || ownInner.isNull()) && !kept.contains(key + "." + inner.getKey())) {
						ownObject.set(inner.getKey(), shaped(inner.getValue(), id, record.textual(), key));
						filled.add(key + "." + inner.getKey());
					}
				}
			}
		}
		return new Applied(new InventoryRecord(record.number(), record.source(), merged, record.textual(), null),
				Set.copyOf(filled));
	}

	/**
	 * A default as the record takes it: {@code {connector_id}} filled in, as text for
	 * CSV.
	 */
	private static JsonNode shaped(JsonNode value, String connectorId, boolean textual, String field) {
		JsonNode filled = filled(value, connectorId, field);
		return textual ? JsonNodes.asCells(filled, field) : filled;
	}

	private static JsonNode filled(JsonNode value, String connectorId, String field) {
		if (value.isString()) {
			return JsonNodeFactory.instance.stringNode(fill(value.stringValue(), connectorId));
		}
		if (value instanceof ObjectNode object && !field.equals(InventoryFields.ASSET_SCOPE_FILTERS)) {
			ObjectNode copy = JsonNodeFactory.instance.objectNode();
			object.properties().forEach(e -> copy.set(e.getKey(), filled(e.getValue(), connectorId, field)));
			return copy;
		}
		return value.deepCopy();
	}

	private static String sha256(byte[] bytes) {
		try {
			return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (java.security.NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	private static String fill(String value, String connectorId) {
		return value.replace("{connector_id}", connectorId);
	}

	/** Short: the file and its field names, never a value. */
	@Override
	public String toString() {
		return "InventoryDefaults[" + file + ", fields=" + fields.propertyNames() + "]";
	}

}
