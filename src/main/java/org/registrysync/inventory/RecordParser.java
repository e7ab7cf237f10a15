package org.registrysync.inventory;

import java.io.Closeable;

import org.jspecify.annotations.Nullable;

/**
 * Reads the records of one inventory file in order. Not thread-safe.
 */
public interface RecordParser extends Closeable {

	/**
	 * The next record, or {@code null} at the end of the file.
	 * @throws InventoryException when the file cannot be read on from here
	 */
	@Nullable InventoryRecord next();

	/**
	 * Skips records without building them, to resume after a restart.
	 * @return how many records were skipped (fewer than asked at the end of the file)
	 */
	default long skip(long count) {
		long skipped = 0;
		while (skipped < count && next() != null) {
			skipped++;
		}
		return skipped;
	}

	@Override
	void close();

}
