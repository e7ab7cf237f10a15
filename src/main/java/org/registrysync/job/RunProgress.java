package org.registrysync.job;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.registrysync.outcome.Outcome;
import org.registrysync.outcome.OutcomeRepository;
import org.registrysync.outcome.OutcomeRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;

/**
 * Logs the progress of a run every {@value #EVERY_SECONDS} seconds while the step runs:
 * records done of the total, the rate, the time left and the count of each outcome so far
 * (a resumed run counts what its earlier executions recorded). One per step execution
 * (step-scoped), so that the tenants of a fleet count apart; its lines carry the MDC of
 * the step that started it (the run id, the tenant). Thread-safe.
 */
public class RunProgress implements StepExecutionListener {

	static final int EVERY_SECONDS = 10;

	private static final Logger log = LoggerFactory.getLogger(RunProgress.class);

	private final OutcomeRepository outcomes;

	private final Map<Outcome, AtomicLong> counts = new EnumMap<>(Outcome.class);

	private volatile long total;

	private volatile long startedNanos;

	private volatile long doneAtStart;

	private @Nullable ScheduledExecutorService timer;

	public RunProgress(OutcomeRepository outcomes) {
		this.outcomes = outcomes;
		for (Outcome outcome : Outcome.values()) {
			counts.put(outcome, new AtomicLong());
		}
	}

	@Override
	public void beforeStep(StepExecution stepExecution) {
		start(RunParameters.of(stepExecution.getJobExecution().getJobParameters()).records(),
				outcomes.counts(stepExecution.getJobExecution().getJobInstance().getInstanceId()));
		timer = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("progress").factory());
		Map<String, String> mdc = MDC.getCopyOfContextMap();
		timer.scheduleAtFixedRate(() -> {
			if (mdc != null) {
				MDC.setContextMap(mdc);
			}
			log.info(line());
		}, EVERY_SECONDS, EVERY_SECONDS, TimeUnit.SECONDS);
	}

	@Override
	public @Nullable ExitStatus afterStep(StepExecution stepExecution) {
		if (timer != null) {
			timer.shutdownNow();
			timer = null;
		}
		return null;
	}

	/**
	 * Starts counting: the records in the inventory, and the outcomes earlier executions
	 * recorded.
	 */
	void start(long records, Map<Outcome, Long> recorded) {
		total = records;
		recorded.forEach((outcome, count) -> counts.get(outcome).set(count));
		doneAtStart = done();
		startedNanos = System.nanoTime();
	}

	/** Counts the outcomes of a chunk just written. */
	public void recorded(List<OutcomeRow> rows) {
		rows.forEach(row -> counts.get(row.outcome()).incrementAndGet());
	}

	/**
	 * The progress line, e.g.
	 * {@code Progress: 1200/2000 records (60%), 19.2 records/s, 42 s left; UPDATED 1190 …}.
	 */
	String line() {
		long done = done();
		double seconds = Math.max(0.001, (System.nanoTime() - startedNanos) / 1e9);
		double rate = (done - doneAtStart) / seconds;
		String left = rate > 0 ? format(Duration.ofSeconds((long) ((total - done) / rate))) + " left"
				: "time left unknown";
		StringBuilder line = new StringBuilder(
				String.format(Locale.ROOT, "Progress: %d/%d records (%d%%), %.1f records/s, %s;", done, total,
						total == 0 ? 100 : done * 100 / total, rate, left));
		counts.forEach((outcome, count) -> {
			if (count.get() > 0) {
				line.append(' ').append(outcome).append(' ').append(count.get());
			}
		});
		return line.toString();
	}

	private long done() {
		return counts.values().stream().mapToLong(AtomicLong::get).sum();
	}

	private static String format(Duration duration) {
		long seconds = duration.toSeconds();
		return seconds < 120 ? seconds + " s" : (seconds / 60) + " min";
	}

}
