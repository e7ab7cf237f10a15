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
 */
final class SendSpacing {

	private final long intervalNanos;

	private final ReentrantLock turn = new ReentrantLock(true);

	private long lastSentNanos;

	private boolean sentBefore;

	SendSpacing(long intervalNanos) {
		this.intervalNanos = intervalNanos;
	}

	/** Waits until this caller may send, and counts the send as made now. */
	void await() throws InterruptedException {
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
		}
		finally {
			turn.unlock();
		}
	}

}
