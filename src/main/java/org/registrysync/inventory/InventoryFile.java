package org.registrysync.inventory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * An inventory file: its path, the name shown to users in every {@code file:line}, and
 * its format.
 *
 * @param path the file
 * @param displayName the name used in source locations and messages
 * @param format chosen by extension
 */
public record InventoryFile(Path path, String displayName, InventoryFormat format) {

	public InventoryFile {
		if (displayName.isBlank()) {
			throw new IllegalArgumentException("displayName must not be blank");
		}
	}

	/**
	 * The inventory at a path, shown by its file name.
	 * @throws InventoryException when the extension is not a known format
	 */
	public static InventoryFile of(Path path) {
		return new InventoryFile(path, path.getFileName().toString(), InventoryFormat.of(path));
	}

	/** Opens the bytes of the file, with messages a user can act on. */
	public InputStream openStream() {
		if (Files.isDirectory(path)) {
			throw new InventoryException(path + ": is a directory, not an inventory file");
		}
		try {
			return Files.newInputStream(path);
		}
		catch (NoSuchFileException e) {
			throw new InventoryException(path + ": no such file (sync.inventory names the inventory file)", e);
		}
		catch (AccessDeniedException e) {
			throw new InventoryException(path + ": permission denied", e);
		}
		catch (IOException e) {
			throw new InventoryException(path + ": cannot open: " + e.getMessage(), e);
		}
	}

	/** A parser reading the records of this file from {@code in}, which it closes. */
	public RecordParser parser(InputStream in) {
		return switch (format) {
			case CSV -> new CsvRecordParser(displayName, in);
			case JSON -> new JsonArrayRecordParser(displayName, in);
			case NDJSON -> new NdjsonRecordParser(displayName, in);
		};
	}

	/** A parser reading the records of this file from the start. */
	public RecordParser open() {
		InputStream in = openStream();
		try {
			return parser(in);
		}
		catch (RuntimeException e) {
			closeQuietly(in, e);
			throw e;
		}
	}

	private static void closeQuietly(InputStream in, RuntimeException failure) {
		try {
			in.close();
		}
		catch (IOException e) {
			failure.addSuppressed(e);
		}
	}

}
