package org.registrysync.mapping;

import tools.jackson.databind.JsonNode;

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

}
