package org.registrysync.inventory;

import org.jspecify.annotations.Nullable;
import org.springframework.batch.infrastructure.item.support.AbstractItemCountingItemStreamItemReader;

/**
 * Reads inventory records for a step. Restartable: the number of records read is saved in
 * the step's execution context under {@code inventory.read.count} at every commit, and a
 * restart skips that many records without building them.
 */
public class InventoryItemReader extends AbstractItemCountingItemStreamItemReader<InventoryRecord> {

	private final InventoryFile file;

	private @Nullable RecordParser parser;

	public InventoryItemReader(InventoryFile file) {
		this.file = file;
		setName("inventory");
	}

	@Override
	protected void doOpen() {
		parser = file.open();
	}

	@Override
	protected @Nullable InventoryRecord doRead() {
		return openParser().next();
	}

	@Override
	protected void jumpToItem(int itemIndex) {
		long skipped = openParser().skip(itemIndex);
		if (skipped < itemIndex) {
			throw new InventoryException(file.displayName() + ": holds " + skipped + " records, fewer than the "
					+ itemIndex + " already processed by this run");
		}
	}

	@Override
	protected void doClose() {
		if (parser != null) {
			parser.close();
			parser = null;
		}
	}

	private RecordParser openParser() {
		if (parser == null) {
			throw new IllegalStateException("the reader is not open");
		}
		return parser;
	}

}
