package org.registrysync.client;

import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps at least one interval between the moments any two requests actually leave,
 * whatever thread sends them: with an interval a little over {@code 1/rate}, no window of
 * one second can hold more than {@code rate} requests. The interval is measured from when
 * the previous request really went, not from when it was due, so that a sender woken late
 * (a pause of the JVM, a busy core) is not followed by others catching up in a burst.
 * Senders take their turn in order. Thread-safe.
 * <p>
 * {@link CortexClient} calls it once a request's connection is open (TCP, TLS, any proxy
 * tunnel), just before the request is written: a connect's length, tens to hundreds of
 * milliseconds to a real tenant, would otherwise delay some requests after their turn and
 * not others.
 * <p>
 * This is the one mechanism that keeps the rate. Failsafe's smooth {@code RateLimiter}
 * cannot keep it alone: its permits sit on a fixed time grid, so after an idle moment a
 * caller takes the permit of the current slot and the next one comes at the next grid
 * line, however little later that is; callers woken late by the scheduler then leave
 * closer than one interval apart. Measured at the server: 21 requests in one second at a
 * rate of 20.
 */
final class SendSpacing {

	private final long intervalNanos;

	private final ReentrantLock turn = new ReentrantLock(true);

	private long lastSentNanos;

	private boolean sentBefore;

	SendSpacing(long intervalNanos) {
		this.intervalNanos = intervalNanos;
	}

	/**
	 * Waits until this caller may send, and counts the send as made now.
	 * @return the {@link System#nanoTime()} the send was counted at
	 */
	long await() throws InterruptedException {
		turn.lockInterruptibly();
		try {
			if (sentBefore) {
				long wait;
				while ((wait = lastSentNanos + intervalNanos - System.nanoTime()) > 0) {
					Thread.sleep(Duration.ofNanos(wait));
				}
			}
			lastSentNanos = System.nanoTime();
			sentBefore = true;
			return lastSentNanos;
		}
		finally {
			turn.unlock();
		}
	}

}
