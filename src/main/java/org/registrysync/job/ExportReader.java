package org.registrysync.job;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.registrysync.client.CortexClient;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.infrastructure.item.support.AbstractItemCountingItemStreamItemReader;

/**
 * The first half of the export step (the second is {@link ExportWriter}): reads the ids
 * and starts reading each connector from Cortex, up to {@code lookahead} ids ahead of the
 * step, so that GETs flow at the rate limit across chunk boundaries as the sync's updates
 * do. Restartable like the sync's reader: the number of ids handed to the step is saved
 * at every commit under {@code ids.read.count}, and a restart skips that many ids without
 * reading them from Cortex; the reads started ahead of a failure are done again (at most
 * two chunks).
 */
class ExportReader extends AbstractItemCountingItemStreamItemReader<ExportItem> {

	private final RunParameters run;

	private final CortexClient cortex;

	private final Set<String> only;

	private final int lookahead;

	private final StopSignal stop;

	private final Deque<ExportItem> ahead = new ArrayDeque<>();

	private @Nullable ExportIds ids;

	private long number;

	ExportReader(RunParameters run, CortexClient cortex, int lookahead, StopSignal stop) {
		if (lookahead < 1 || run.mode().export() == null) {
			throw new IllegalArgumentException("an export reads ahead at least one id");
		}
		this.run = run;
		this.cortex = cortex;
		this.only = Set.copyOf(run.mode().only());
		this.lookahead = lookahead;
		this.stop = stop;
		setName("ids");
	}

	@Override
	protected void doOpen() {
		ids = ExportIds.open(run.inventory(), run.mode().export().idsFile());
		number = 0;
		ahead.clear();
	}

	@Override
	protected @Nullable ExportItem doRead() throws JobInterruptedException {
		if (stop.requested()) {
			throw new JobInterruptedException("stopped by " + stop.reason());
		}
		while (ahead.size() < lookahead) {
			ExportIds.Id id = nextWanted();
			if (id == null) {
				break;
			}
			number++;
			ahead.add(id.problem() != null ? new ExportItem(number, id.source(), id.connectorId(), null, id.problem())
					: new ExportItem(number, id.source(), id.connectorId(), cortex.fetch(id.connectorId()), null));
		}
		return ahead.poll();
	}

	@Override
	protected void jumpToItem(int itemIndex) {
		for (int i = 0; i < itemIndex; i++) {
			if (nextWanted() == null) {
				throw new IllegalStateException(
						run.inventory() + " holds fewer ids than the " + itemIndex + " already exported by this run");
			}
			number++;
		}
	}

	@Override
	protected void doClose() {
		ahead.clear();
		if (ids != null) {
			ids.close();
			ids = null;
		}
	}

	/** The next id that {@code sync.only} does not leave out. */
	private ExportIds.@Nullable Id nextWanted() {
		if (ids == null) {
			throw new IllegalStateException("the reader is not open");
		}
		for (ExportIds.Id id = ids.next(); id != null; id = ids.next()) {
			if (only.isEmpty() || (id.connectorId() != null && only.contains(id.connectorId()))) {
				return id;
			}
		}
		return null;
	}

}
