package org.registrysync.inventory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.jspecify.annotations.Nullable;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads an RFC 4180 CSV inventory with Apache Commons CSV. The header row is checked
 * before the first record: an unknown, empty or repeated column, or no
 * {@code connector_id} column, is an {@link InventoryException}, so that a typo never
 * silently drops a field from a full-replacement update. An empty cell is an absent
 * field; dotted headers build nested objects.
 */
final class CsvRecordParser implements RecordParser {

	private static final Pattern START_LINE = Pattern.compile("\\(startline (\\d+)\\)");

	private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();

	private final String file;

	private final CSVParser parser;

	private final Iterator<CSVRecord> records;

	private final List<String> header;

	private long number;

	CsvRecordParser(String file, InputStream in) {
		this.file = file;
		try {
			this.parser = CSVParser.builder().setReader(TextInput.utf8(in)).setFormat(FORMAT).get();
		}
		catch (IOException e) {
			throw TextInput.failure(file, 1, e);
		}
		this.records = parser.iterator();
		CSVRecord first = fetch();
		if (first == null) {
			close();
			throw new InventoryException(file + ": the file is empty; a CSV inventory starts with a header row, e.g. "
					+ "connector_id,vendor,name,...");
		}
		this.header = first.toList();
		checkHeader();
	}

	@Override
	public @Nullable InventoryRecord next() {
		CSVRecord row = fetch();
		if (row == null) {
			return null;
		}
		number++;
		long line = startLine(row);
		String problem = null;
		ObjectNode fields = JsonNodeFactory.instance.objectNode();
		if (row.size() != header.size()) {
			problem = "the row has " + row.size() + (row.size() == 1 ? " cell" : " cells") + " but the header has "
					+ header.size() + " columns; quote cells that hold commas";
		}
		for (int i = 0; i < Math.min(row.size(), header.size()); i++) {
			String value = row.get(i);
			if (!value.isEmpty()) {
				put(fields, header.get(i), value);
			}
		}
		return new InventoryRecord(number, new SourceLocation(file, line), fields, true, problem);
	}

	@Override
	public long skip(long count) {
		long skipped = 0;
		while (skipped < count) {
			CSVRecord row = fetch();
			if (row == null) {
				break;
			}
			startLine(row);
			number++;
			skipped++;
		}
		return skipped;
	}

	@Override
	public void close() {
		try {
			parser.close();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private @Nullable CSVRecord fetch() {
		try {
			return records.hasNext() ? records.next() : null;
		}
		catch (UncheckedIOException e) {
			long line = parser.getCurrentLineNumber() + 1;
			if (e.getCause() instanceof TextInput.NotUtf8Exception) {
				throw TextInput.failure(file, line, e.getCause());
			}
			// Commons CSV says where the broken record starts, e.g. an unclosed quote:
			// "(startline 7) EOF reached ..."
			Matcher start = START_LINE.matcher(String.valueOf(e.getCause().getMessage()));
			if (start.find()) {
				line = Long.parseLong(start.group(1));
			}
			throw new InventoryException(file + ":" + line + ": malformed CSV: " + e.getCause().getMessage()
					+ "; a quoted cell must end with a quote, and quotes inside it are doubled (\"\")", e);
		}
	}

	/**
	 * The line a record starts on. After a record is fetched the parser's line count is
	 * the record's last line (blank lines it skipped included), so the breaks inside
	 * quoted cells are counted back from there.
	 */
	private long startLine(CSVRecord row) {
		long inside = 0;
		for (String value : row) {
			inside += lineBreaks(value);
		}
		return Math.max(1, parser.getCurrentLineNumber() - inside);
	}

	private static long lineBreaks(String value) {
		long breaks = 0;
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '\n' || (c == '\r' && (i + 1 == value.length() || value.charAt(i + 1) != '\n'))) {
				breaks++;
			}
		}
		return breaks;
	}

	private void checkHeader() {
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < header.size(); i++) {
			String column = header.get(i);
			if (column.isBlank()) {
				throw new InventoryException(file + ":1: column " + (i + 1) + " has no name in the header row");
			}
			if (!InventoryFields.CSV_COLUMNS.contains(column)) {
				String hint = InventoryFields.closest(column, InventoryFields.CSV_COLUMNS)
					.map(name -> "; did you mean '" + name + "'?")
					.orElse("");
				throw new InventoryException(file + ":1: unknown column '" + column + "'" + hint
						+ " (nothing was sent: an unknown column would silently drop a field from the update)");
			}
			if (!seen.add(column)) {
				throw new InventoryException(file + ":1: column '" + column + "' appears twice in the header row");
			}
		}
		if (!seen.contains("connector_id")) {
			throw new InventoryException(file + ":1: the header row has no connector_id column");
		}
	}

	private static void put(ObjectNode fields, String column, String value) {
		int dot = column.indexOf('.');
		if (dot < 0) {
			fields.put(column, value);
			return;
		}
		String parent = column.substring(0, dot);
		ObjectNode nested = fields.has(parent) ? (ObjectNode) fields.get(parent) : fields.putObject(parent);
		nested.put(column.substring(dot + 1), value);
	}

}
