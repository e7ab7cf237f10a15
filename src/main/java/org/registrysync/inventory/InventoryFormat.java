package org.registrysync.inventory;

import java.nio.file.Path;
import java.util.Locale;

/** The inventory formats, chosen by file extension (SPEC §1). */
public enum InventoryFormat {

	/** RFC 4180 with a header row; dotted headers for nested fields. */
	CSV,
	/** One JSON array of objects, streamed. */
	JSON,
	/** One JSON object a line ({@code .ndjson} or {@code .jsonl}). */
	NDJSON;

	/**
	 * The format of a file by its extension.
	 * @throws InventoryException when the extension is none of {@code .csv},
	 * {@code .json}, {@code .ndjson}, {@code .jsonl}
	 */
	public static InventoryFormat of(Path file) {
		String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
		if (name.endsWith(".csv")) {
			return CSV;
		}
		if (name.endsWith(".json")) {
			return JSON;
		}
		if (name.endsWith(".ndjson") || name.endsWith(".jsonl")) {
			return NDJSON;
		}
		throw new InventoryException(file + ": unknown inventory format; name the file .csv, .json, .ndjson or .jsonl");
	}

}
