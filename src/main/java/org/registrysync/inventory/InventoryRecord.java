package org.registrysync.inventory;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One record of the inventory as read, before validation.
 *
 * @param number 1-based position of the record in the inventory; orders outcomes and
 * reports
 * @param source where the record starts
 * @param fields the record's fields; nested objects for dotted CSV headers
 * @param textual {@code true} when every scalar is text still to be converted (CSV
 * cells), {@code false} when values carry JSON types
 * @param problem why the record could not be read as a whole (not a JSON object, wrong
 * number of CSV cells), or {@code null}
 */
public record InventoryRecord(long number, SourceLocation source, ObjectNode fields, boolean textual,
		@Nullable String problem) {

	public InventoryRecord {
		if (number < 1) {
			throw new IllegalArgumentException("number must be 1 or more, was " + number);
		}
	}

	/**
	 * The record's place, id and field names; never its values, which hold passwords and
	 * tokens as written in the inventory.
	 */
	@Override
	public String toString() {
		return "InventoryRecord[number=" + number + ", source=" + source + ", connector_id=" + connectorId()
				+ ", fields=" + fields.propertyNames() + ", textual=" + textual
				+ (problem == null ? "" : ", problem=" + problem) + "]";
	}

	/**
	 * The {@code connector_id} as written, when it is a string; {@code null} otherwise.
	 */
	public @Nullable String connectorId() {
		JsonNode id = fields.get("connector_id");
		return (id != null && id.isString()) ? id.stringValue() : null;
	}

}
