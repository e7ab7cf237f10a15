package org.registrysync.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import org.registrysync.inventory.InventoryFields;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A connector's live definition as an inventory record (SPEC §5 export): the fields of
 * the API body that registry-sync knows, in the order of the schema, with
 * {@code connector_id} first and the secrets as references. Left out: the GET's
 * {@code connector_id} (the record's own is written), JSON {@code null}s, and the empty
 * strings Cortex answers for a field nobody set ({@code "outpost_id": ""},
 * {@code "broker_type": ""}, which would not validate); a field registry-sync does not
 * know (a newer API), which the readers would refuse, is left out too and named in
 * {@link #unknownFields()}; and so is a value that reads as a secret reference (a name
 * {@code ${file:/etc/shadow}}, at any depth), which a sync would resolve, reading a file
 * or a variable of its own machine and sending it: named in
 * {@link #referenceLikeFields()}.
 *
 * @param record the record, a JSON object in the layout the JSON readers take
 * @param unknownFields the fields left out because registry-sync does not know them, by
 * dotted path
 * @param referenceLikeFields the fields left out because their values read as secret
 * references, by dotted path
 */
public record ExportedRecord(ObjectNode record, List<String> unknownFields, List<String> referenceLikeFields) {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	public ExportedRecord {
		unknownFields = List.copyOf(unknownFields);
		referenceLikeFields = List.copyOf(referenceLikeFields);
	}

	/**
	 * The record of one connector.
	 * @param connectorId the id it was read by
	 * @param definition its live definition, without secrets
	 * @param secret the reference written for a secret field of this connector
	 */
	public static ExportedRecord of(String connectorId, ObjectNode definition,
			BiFunction<String, String, String> secret) {
		ObjectNode record = NODES.objectNode();
		List<String> unknown = new ArrayList<>();
		List<String> referenceLike = new ArrayList<>();
		record.put("connector_id", connectorId);
		for (String field : InventoryFields.TOP_LEVEL) {
			if (RequestBodies.SECRET_FIELDS.contains(field)) {
				record.put(field, secret.apply(connectorId, field));
				continue;
			}
			JsonNode value = definition.get(field);
			if (field.equals("connector_id") || value == null || value.isNull() || unset(field, value)) {
				continue;
			}
			List<String> keys = InventoryFields.NESTED.get(field);
			if (keys != null && value instanceof ObjectNode nested) {
				ObjectNode copy = NODES.objectNode();
				for (String key : nested.propertyNames()) {
					JsonNode inner = nested.get(key);
					if (!keys.contains(key)) {
						unknown.add(field + "." + key);
					}
					else if (readsAsReference(inner)) {
						referenceLike.add(field + "." + key);
					}
					else if (!inner.isNull() && !unset(field + "." + key, inner)) {
						copy.set(key, inner);
					}
				}
				if (!copy.isEmpty()) {
					record.set(field, copy);
				}
				continue;
			}
			if (readsAsReference(value)) {
				referenceLike.add(field);
				continue;
			}
			record.set(field, value);
		}
		for (String field : definition.propertyNames()) {
			if (!InventoryFields.TOP_LEVEL.contains(field) && !RequestBodies.SECRET_FIELDS.contains(field)) {
				unknown.add(field);
			}
		}
		return new ExportedRecord(record, unknown.stream().sorted().toList(), List.copyOf(referenceLike));
	}

	/**
	 * Whether a value holds a string that a reader would take for a secret reference, or
	 * refuse as a malformed one.
	 */
	private static boolean readsAsReference(JsonNode value) {
		if (value.isString()) {
			try {
				return SecretReference.parse(value.stringValue()).isPresent();
			}
			catch (IllegalArgumentException e) {
				return true;
			}
		}
		for (JsonNode element : value.values()) {
			if (readsAsReference(element)) {
				return true;
			}
		}
		return false;
	}

	/** An empty string that is the field's value when nobody set it. */
	private static boolean unset(String path, JsonNode value) {
		return value.isString() && value.stringValue().isEmpty() && ApiDefaults.isDefault(path, value);
	}

}
