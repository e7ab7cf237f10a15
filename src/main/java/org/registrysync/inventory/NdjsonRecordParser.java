package org.registrysync.inventory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads an NDJSON inventory: one JSON object a line, blank lines ignored. A line that is
 * not a JSON object becomes a record with a problem; the lines after it are read as
 * usual.
 */
final class NdjsonRecordParser implements RecordParser {

	private final String file;

	private final BufferedReader reader;

	private long line;

	private long number;

	NdjsonRecordParser(String file, InputStream in) {
		this.file = file;
		try {
			this.reader = new BufferedReader(TextInput.utf8(in), 64 * 1024);
		}
		catch (IOException e) {
			throw TextInput.failure(file, 1, e);
		}
	}

	@Override
	public @Nullable InventoryRecord next() {
		String text = nextLine();
		while (text != null && text.isBlank()) {
			text = nextLine();
		}
		if (text == null) {
			return null;
		}
		number++;
		SourceLocation source = new SourceLocation(file, line);
		try {
			JsonNode node = InventoryJson.MAPPER.readTree(text);
			if (node instanceof ObjectNode fields) {
				return new InventoryRecord(number, source, fields, false, null);
			}
			return problem(source, "the line holds " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
					+ ", not a connector object {...}");
		}
		catch (JacksonException e) {
			return problem(source, "the line is not valid JSON: " + InventoryJson.describe(e));
		}
	}

	@Override
	public long skip(long count) {
		long skipped = 0;
		while (skipped < count) {
			String text = nextLine();
			if (text == null) {
				break;
			}
			if (!text.isBlank()) {
				number++;
				skipped++;
			}
		}
		return skipped;
	}

	@Override
	public void close() {
		try {
			reader.close();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private InventoryRecord problem(SourceLocation source, String problem) {
		return new InventoryRecord(number, source, JsonNodeFactory.instance.objectNode(), false, problem);
	}

	private @Nullable String nextLine() {
		try {
			String text = reader.readLine();
			if (text != null) {
				line++;
			}
			return text;
		}
		catch (IOException e) {
			throw TextInput.failure(file, line + 1, e);
		}
	}

}
