package org.registrysync.inventory;

/**
 * Where a record starts in its inventory file: the file's name as the user gave it and
 * the 1-based line.
 *
 * @param file the inventory file name, as shown to users
 * @param line the 1-based line on which the record starts
 */
public record SourceLocation(String file, long line) {

	public SourceLocation {
		if (file.isBlank()) {
			throw new IllegalArgumentException("file must not be blank");
		}
		if (line < 1) {
			throw new IllegalArgumentException("line must be 1 or more, was " + line);
		}
	}

	@Override
	public String toString() {
		return file + ":" + line;
	}

}
