package org.registrysync.job;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

import org.registrysync.client.CortexFatalException;
import org.springframework.batch.core.job.JobInterruptedException;

/**
 * How a writer waits for Cortex's answers: never unbounded. It looks at the stop signal
 * every second, and when the client has done nothing at all (sent, heard back, begun a
 * pause or a wait before a retry) for longer than {@code idleLimit}, longer than one
 * attempt and the longest single wait take, an answer was lost and the run fails,
 * resumably. Thread-safe.
 */
final class AnswerWait {

	/** Keeps the limit in nanoseconds far from overflow, whatever the timeouts say. */
	private static final Duration MAX_IDLE_LIMIT = Duration.ofDays(1);

	/** How often a wait for an answer looks at the stop signal. */
	private static final Duration AWAIT_SLICE = Duration.ofSeconds(1);

	private final StopSignal stop;

	private final LongSupplier lastActivity;

	private final long idleLimitNanos;

	/**
	 * @param lastActivity when the client last did anything, by {@link System#nanoTime()}
	 * @param idleLimit how long the client may do nothing while an answer is awaited
	 */
	AnswerWait(StopSignal stop, LongSupplier lastActivity, Duration idleLimit) {
		this.stop = stop;
		this.lastActivity = lastActivity;
		this.idleLimitNanos = idleLimit.compareTo(MAX_IDLE_LIMIT) > 0 ? MAX_IDLE_LIMIT.toNanos() : idleLimit.toNanos();
	}

	/**
	 * The answer about one connector.
	 * @throws JobInterruptedException when the run is stopping: the chunk rolls back and
	 * is done again on resume
	 * @throws CortexFatalException when the run fails: a fatal answer, or none in time
	 */
	<T> T await(String connectorId, CompletableFuture<T> answer) throws JobInterruptedException {
		while (true) {
			if (stop.requested() && !answer.isDone()) {
				// The chunk rolls back and is done again on resume.
				throw new JobInterruptedException("stopped by " + stop.reason());
			}
			try {
				return answer.get(AWAIT_SLICE.toNanos(), TimeUnit.NANOSECONDS);
			}
			catch (TimeoutException e) {
				long idle = System.nanoTime() - lastActivity.getAsLong();
				if (idle > idleLimitNanos) {
					throw new CortexFatalException("no answer for " + connectorId + " and no request sent "
							+ "or answered for " + Duration.ofNanos(idle).toSeconds() + " s, longer than an attempt "
							+ "and a wait can take; the run stops here and can be resumed");
				}
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new JobInterruptedException("interrupted while waiting for Cortex");
			}
			catch (ExecutionException e) {
				if (stop.requested()) {
					// Not sent because the run is stopping: the chunk rolls back and is
					// done again on resume.
					throw new JobInterruptedException("stopped by " + stop.reason());
				}
				if (e.getCause() instanceof CortexFatalException fatal) {
					throw fatal;
				}
				throw new CortexFatalException("sending " + connectorId + " failed: " + e.getCause(), e.getCause());
			}
			catch (CancellationException e) {
				throw new CortexFatalException("sending " + connectorId + " was cancelled", e);
			}
		}
	}

}
