package org.registrysync.client;

import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Slots for requests in flight: a semaphore whose waiting requests are served by their
 * turn, lowest first, rather than by when they began to wait (ties: first come, first
 * served). {@link CortexClient} numbers updates in the order they are submitted, which is
 * the order they are read, so a retry goes before every update read after the connector
 * it retries: the step records connectors in reading order, and a retry queued behind the
 * records planned ahead would hold its whole chunk back. Thread-safe.
 */
final class OrderedSlots {

	private final ReentrantLock lock = new ReentrantLock();

	private final PriorityQueue<Waiter> waiting = new PriorityQueue<>(
			Comparator.comparingLong(Waiter::turn).thenComparingLong(Waiter::arrival));

	private int free;

	private long arrivals;

	/**
	 * @param slots how many requests may hold a slot at once, at least 1
	 */
	OrderedSlots(int slots) {
		if (slots < 1) {
			throw new IllegalArgumentException("slots must be at least 1, not " + slots);
		}
		this.free = slots;
	}

	/**
	 * Takes a slot, waiting while none is free and while a request with a lower turn
	 * waits.
	 * @throws InterruptedException when interrupted while waiting; no slot is then held
	 */
	void acquire(long turn) throws InterruptedException {
		lock.lockInterruptibly();
		try {
			if (free > 0) {
				free--;
				return;
			}
			Waiter waiter = new Waiter(turn, arrivals++, lock.newCondition());
			waiting.add(waiter);
			try {
				while (!waiter.granted) {
					waiter.signal.await();
				}
			}
			catch (InterruptedException e) {
				if (waiter.granted) {
					handOver();
				}
				else {
					waiting.remove(waiter);
				}
				throw e;
			}
		}
		finally {
			lock.unlock();
		}
	}

	/** Gives a slot back: to the waiting request with the lowest turn, if any. */
	void release() {
		lock.lock();
		try {
			handOver();
		}
		finally {
			lock.unlock();
		}
	}

	/** Requests waiting for a slot. */
	int waiting() {
		lock.lock();
		try {
			return waiting.size();
		}
		finally {
			lock.unlock();
		}
	}

	private void handOver() {
		Waiter next = waiting.poll();
		if (next == null) {
			free++;
		}
		else {
			next.granted = true;
			next.signal.signal();
		}
	}

	private static final class Waiter {

		private final long turn;

		private final long arrival;

		private final Condition signal;

		private boolean granted;

		Waiter(long turn, long arrival, Condition signal) {
			this.turn = turn;
			this.arrival = arrival;
			this.signal = signal;
		}

		long turn() {
			return turn;
		}

		long arrival() {
			return arrival;
		}

	}

}
