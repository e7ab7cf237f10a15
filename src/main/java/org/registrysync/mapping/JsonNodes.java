package org.registrysync.mapping;

import org.registrysync.inventory.InventoryFields;
import org.registrysync.inventory.InventoryJson;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Words for JSON values and parse errors in users' messages. */
final class JsonNodes {

	private static final int QUOTE_LIMIT = 40;

	private JsonNodes() {
	}

	/** What kind of JSON value this is, e.g. "a string", "an array". */
	static String kind(JsonNode node) {
		return switch (node.getNodeType()) {
			case ARRAY -> "an array";
			case OBJECT, POJO -> "an object";
			case STRING, BINARY -> "a string";
			case NUMBER -> "a number";
			case BOOLEAN -> "a boolean";
			case NULL, MISSING -> "null";
		};
	}

	/**
	 * A value of a non-secret field, made safe to quote: control characters escaped, long
	 * values cut.
	 */
	static String quote(String value) {
		StringBuilder out = new StringBuilder();
		for (int i = 0; i < value.length() && out.length() < QUOTE_LIMIT; i++) {
			char c = value.charAt(i);
			out.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
		}
		return out.length() < value.length() ? out + "…" : out.toString();
	}

	/**
	 * A value of {@code field} as a CSV record holds it: scalars as text, nested objects
	 * key by key, the filter tree as JSON text; {@code null} stays {@code null}.
	 */
	static JsonNode asCells(JsonNode value, String field) {
		if (value.isNull() || value.isString()) {
			return value.deepCopy();
		}
		if (value instanceof ObjectNode object && !field.equals(InventoryFields.ASSET_SCOPE_FILTERS)) {
			ObjectNode copy = JsonNodeFactory.instance.objectNode();
			object.properties().forEach(e -> copy.set(e.getKey(), asCells(e.getValue(), field)));
			return copy;
		}
		if (value.isNumber() && (!value.isFloatingPointNumber() || Double.isFinite(value.doubleValue()))
				&& value.decimalValue().stripTrailingZeros().scale() <= 0) {
			// A whole number as a CSV cell holds it: 14, not 14.0.
			return JsonNodeFactory.instance.stringNode(value.decimalValue().toBigInteger().toString());
		}
		return JsonNodeFactory.instance
			.stringNode(value.isValueNode() ? value.asString() : InventoryJson.MAPPER.writeValueAsString(value));
	}

}
