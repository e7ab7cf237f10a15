package org.registrysync.job;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.registrysync.inventory.InventoryException;
import org.registrysync.inventory.InventoryFile;
import org.registrysync.inventory.InventoryRecord;
import org.registrysync.inventory.RecordParser;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.infrastructure.item.support.AbstractItemCountingItemStreamItemReader;

/**
 * The first half of the step's pipeline: reads the inventory, plans each record
 * (validate, map, compare with the ledger) and starts sending its update, up to
 * {@code lookahead} records ahead of the step, so that while one chunk waits for its last
 * answers the next chunk's updates already use the rate limit. The items it hands to the
 * step carry the answer to come ({@link SyncItem.Sending}); {@link AwaitAndRecordWriter},
 * the second half, awaits those answers and records the outcomes. There is no processing
 * between the two beyond leaving out the records {@code sync.only} excludes.
 * <p>
 * The reader touches the database only for the ledger lookups, each in a short
 * transaction of its own, so that the chunk's transaction holds no connection while
 * requests are in flight (SPEC §4).
 * <p>
 * Restartable: the number of records handed to the step (not those planned ahead) is
 * saved in the step's execution context under {@code inventory.read.count} at every
 * commit; a restart skips that many records without building them. Updates started for
 * records planned ahead of a failure are sent again on restart (PUT is idempotent): with
 * the chunk in flight, at most two chunks.
 */
public class SendAheadReader extends AbstractItemCountingItemStreamItemReader<SyncItem> {

	private final InventoryFile file;

	private final ConnectorPlanner planner;

	private final int lookahead;

	private final StopSignal stop;

	private final Deque<SyncItem> ahead = new ArrayDeque<>();

	private @Nullable RecordParser parser;

	private boolean exhausted;

	/**
	 * @param lookahead how many records to plan ahead of the step, at least 1
	 */
	public SendAheadReader(InventoryFile file, ConnectorPlanner planner, int lookahead, StopSignal stop) {
		if (lookahead < 1) {
			throw new IllegalArgumentException("lookahead must be at least 1");
		}
		this.file = file;
		this.planner = planner;
		this.lookahead = lookahead;
		this.stop = stop;
		setName("inventory");
	}

	@Override
	protected void doOpen() {
		parser = file.open();
		exhausted = false;
		ahead.clear();
	}

	@Override
	protected @Nullable SyncItem doRead() throws JobInterruptedException {
		if (stop.requested()) {
			throw new JobInterruptedException("stopped by " + stop.reason());
		}
		// Refill by half the lookahead at a time: the ledger is asked about several
		// records at once, and there are always records planned, and sending, ahead
		// of the step.
		if (ahead.size() <= lookahead / 2 && !exhausted) {
			List<InventoryRecord> batch = new ArrayList<>(lookahead);
			while (ahead.size() + batch.size() < lookahead) {
				InventoryRecord record = openParser().next();
				if (record == null) {
					exhausted = true;
					break;
				}
				batch.add(record);
			}
			ahead.addAll(planner.plan(batch));
		}
		return ahead.poll();
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
		ahead.clear();
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
