package org.registrysync.inventory;

import java.io.InputStream;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Streams a JSON inventory: one array of objects, read one object at a time so that
 * memory holds one record, never the file. Broken JSON is an {@link InventoryException}
 * naming the line and column; an array element that is not an object becomes a record
 * with a problem.
 */
final class JsonArrayRecordParser implements RecordParser {

	private final String file;

	private final InputStream in;

	private final JsonParser parser;

	private long number;

	private boolean done;

	JsonArrayRecordParser(String file, InputStream in) {
		this.file = file;
		this.in = in;
		this.parser = guard(() -> InventoryJson.MAPPER.createParser(in));
		JsonToken first = guard(parser::nextToken);
		if (first == null) {
			close();
			throw new InventoryException(file + ": the file is empty; a JSON inventory is an array of connector "
					+ "objects (write [] for none)");
		}
		if (first != JsonToken.START_ARRAY) {
			close();
			throw new InventoryException(at(parser.currentTokenLocation())
					+ ": a JSON inventory must be an array of connector objects, [ {...}, {...} ]; "
					+ "use .ndjson for one object a line");
		}
	}

	@Override
	public @Nullable InventoryRecord next() {
		if (done) {
			return null;
		}
		JsonToken token = guard(parser::nextToken);
		if (token == JsonToken.END_ARRAY) {
			done = true;
			if (guard(parser::nextToken) != null) {
				throw new InventoryException(at(parser.currentTokenLocation())
						+ ": unexpected content after the closing ] of the inventory array");
			}
			return null;
		}
		if (token == null) {
			throw new InventoryException(at(parser.currentLocation()) + ": the file ends before the closing ]");
		}
		number++;
		SourceLocation source = new SourceLocation(file, Math.max(1, parser.currentTokenLocation().getLineNr()));
		if (token == JsonToken.START_OBJECT) {
			ObjectNode fields = guard(parser::readValueAsTree);
			return new InventoryRecord(number, source, fields, false, null);
		}
		guard(parser::skipChildren);
		return new InventoryRecord(number, source, JsonNodeFactory.instance.objectNode(), false,
				"the array element is " + describe(token) + ", not a connector object {...}");
	}

	@Override
	public void close() {
		parser.close();
		try {
			in.close();
		}
		catch (java.io.IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
	}

	private static String describe(JsonToken token) {
		return switch (token) {
			case START_ARRAY -> "an array";
			case VALUE_STRING -> "a string";
			case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
			case VALUE_TRUE, VALUE_FALSE -> "a boolean";
			case VALUE_NULL -> "null";
			default -> "not a value";
		};
	}

	private String at(TokenStreamLocation location) {
		return file + ":" + Math.max(1, location.getLineNr()) + ":" + Math.max(1, location.getColumnNr());
	}

	private <T> T guard(JsonStep<T> step) {
		try {
			return step.run();
		}
		catch (JacksonException e) {
			TokenStreamLocation location = e.getLocation() != null ? e.getLocation() : parser.currentLocation();
			String where = location != null ? at(location) : file;
			// Without the cause: Jackson's own message quotes the text it stumbled on,
			// which
			// may be a secret.
			throw new InventoryException(where + ": not valid JSON: " + InventoryJson.describe(e));
		}
	}

	@FunctionalInterface
	private interface JsonStep<T> {

		T run();

	}

}
