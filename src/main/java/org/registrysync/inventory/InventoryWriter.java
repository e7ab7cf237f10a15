package org.registrysync.inventory;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes records as an inventory file in the layout the readers take (SPEC §1): CSV with
 * a header of the columns that occur, in the order of
 * {@link InventoryFields#CSV_COLUMNS}, nested fields under dotted headers and the filter
 * tree as compact JSON in its cell; a JSON array with one record a line; or NDJSON. The
 * file is written beside the target, forced to disk and moved into place, and the move
 * itself is forced to disk too: the target appears whole or not at all, also after a
 * crash of the machine.
 */
public final class InventoryWriter {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setRecordSeparator("\n").get();

	private InventoryWriter() {
	}

	/**
	 * Writes the records, in order, to {@code target} in its format.
	 * @param records the records, each time a new stream of the same records: CSV reads
	 * them twice, once for the columns
	 */
	public static void write(Path target, Supplier<Stream<ObjectNode>> records) throws IOException {
		Path absolute = target.toAbsolutePath();
		InventoryFormat format = InventoryFormat.of(absolute);
		Path directory = absolute.getParent();
		Files.createDirectories(directory);
		Path temporary = Files.createTempFile(directory, "." + absolute.getFileName(), ".tmp");
		try {
			try (BufferedWriter out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
				switch (format) {
					case CSV -> csv(out, records);
					case JSON -> json(out, records);
					case NDJSON -> each(records, record -> line(out, JSON.writeValueAsString(record)));
				}
			}
			try (FileChannel written = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
				written.force(true);
			}
			try {
				Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (AtomicMoveNotSupportedException e) {
				Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
			}
			forceDirectory(directory);
		}
		catch (UncheckedIOException e) {
			throw e.getCause();
		}
		finally {
			Files.deleteIfExists(temporary);
		}
	}

	/**
	 * Forces a directory's entries to disk, so that a file moved into it stays there
	 * after a crash of the machine. A file system or platform that cannot open a
	 * directory for this (Windows) is left to its own ordering.
	 */
	public static void forceDirectory(Path directory) {
		try (FileChannel entries = FileChannel.open(directory, StandardOpenOption.READ)) {
			entries.force(true);
		}
		catch (IOException | UnsupportedOperationException e) {
			// Nothing more can be done here; the file itself is on disk.
		}
	}

	private static void json(Writer out, Supplier<Stream<ObjectNode>> records) throws IOException {
		out.write("[");
		boolean[] first = { true };
		each(records, record -> {
			try {
				out.write((first[0] ? "\n" : ",\n") + JSON.writeValueAsString(record));
			}
			catch (IOException e) {
				throw new UncheckedIOException(e);
			}
			first[0] = false;
		});
		out.write(first[0] ? "]\n" : "\n]\n");
	}

	private static void csv(Writer out, Supplier<Stream<ObjectNode>> records) throws IOException {
		Set<String> present = new LinkedHashSet<>();
		each(records, record -> present.addAll(cells(record).keySet()));
		List<String> columns = new ArrayList<>();
		for (String column : InventoryFields.CSV_COLUMNS) {
			if (present.contains(column)) {
				columns.add(column);
			}
		}
		if (columns.isEmpty()) {
			// No record: the header alone, which reads back as an inventory of none.
			columns.add("connector_id");
		}
		CSVPrinter printer = new CSVPrinter(out, FORMAT);
		printer.printRecord(columns);
		each(records, record -> {
			Map<String, String> cells = cells(record);
			try {
				printer.printRecord(columns.stream().map(column -> cells.getOrDefault(column, "")).toList());
			}
			catch (IOException e) {
				throw new UncheckedIOException(e);
			}
		});
		printer.flush();
	}

	/** A record's cells by column: nested objects under dotted names, trees as JSON. */
	private static Map<String, String> cells(ObjectNode record) {
		Map<String, String> cells = new java.util.LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> property : record.properties()) {
			String name = property.getKey();
			JsonNode value = property.getValue();
			if (value instanceof ObjectNode nested && !name.equals(InventoryFields.ASSET_SCOPE_FILTERS)) {
				for (Map.Entry<String, JsonNode> inner : nested.properties()) {
					cells.put(name + "." + inner.getKey(), text(inner.getValue()));
				}
			}
			else {
				cells.put(name, text(value));
			}
		}
		return cells;
	}

	private static String text(JsonNode value) {
		return value.isValueNode() ? value.asString() : JSON.writeValueAsString(value);
	}

	private static void each(Supplier<Stream<ObjectNode>> records, Consumer<ObjectNode> action) {
		try (Stream<ObjectNode> stream = records.get()) {
			stream.forEach(action);
		}
	}

	private static void line(Writer out, String text) {
		try {
			out.write(text);
			out.write('\n');
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

}
