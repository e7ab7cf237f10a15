package org.registrysync.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class OrderedSlotsTests {

	@Test
	void slotsAreFreeUpToTheirNumber() throws InterruptedException {
		OrderedSlots slots = new OrderedSlots(2);

		slots.acquire(7);
		slots.acquire(3);

		assertThat(slots.waiting()).isZero();
		Thread third = Thread.ofVirtual().start(() -> acquire(slots, 1));
		awaitWaiting(slots, 1);
		slots.release();
		third.join(TimeUnit.SECONDS.toMillis(10));
		assertThat(third.isAlive()).isFalse();
	}

	@Test
	void waitingRequestsAreServedByTurnNotByArrival() throws InterruptedException {
		// given: the only slot held, and three requests waiting, the lowest turn last
		OrderedSlots slots = new OrderedSlots(1);
		slots.acquire(0);
		List<Long> served = new CopyOnWriteArrayList<>();
		List<Thread> threads = new ArrayList<>();
		for (long turn : new long[] { 5, 9, 2 }) {
			threads.add(Thread.ofVirtual().start(() -> {
				acquire(slots, turn);
				served.add(turn);
				slots.release();
			}));
			awaitWaiting(slots, threads.size());
		}

		// when
		slots.release();
		for (Thread thread : threads) {
			thread.join(TimeUnit.SECONDS.toMillis(10));
		}

		// then
		assertThat(served).containsExactly(2L, 5L, 9L);
	}

	@Test
	void anInterruptedRequestLeavesTheQueueAndHoldsNoSlot() throws InterruptedException {
		// given
		OrderedSlots slots = new OrderedSlots(1);
		slots.acquire(0);
		List<Throwable> failures = new CopyOnWriteArrayList<>();
		Thread interrupted = Thread.ofVirtual().start(() -> {
			try {
				slots.acquire(1);
			}
			catch (InterruptedException e) {
				failures.add(e);
			}
		});
		awaitWaiting(slots, 1);

		// when
		interrupted.interrupt();
		interrupted.join(TimeUnit.SECONDS.toMillis(10));
		slots.release();

		// then: the slot went back, not to the interrupted request
		assertThat(failures).singleElement().isInstanceOf(InterruptedException.class);
		assertThat(slots.waiting()).isZero();
		slots.acquire(2);
		assertThat(slots.waiting()).isZero();
	}

	@Test
	void thereIsAtLeastOneSlot() {
		assertThatIllegalArgumentException().isThrownBy(() -> new OrderedSlots(0)).withMessageContaining("at least 1");
	}

	private static void acquire(OrderedSlots slots, long turn) {
		try {
			slots.acquire(turn);
		}
		catch (InterruptedException e) {
			throw new IllegalStateException(e);
		}
	}

	private static void awaitWaiting(OrderedSlots slots, int count) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (slots.waiting() < count) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("fewer than " + count + " requests waiting after 10 s");
			}
			Thread.sleep(1);
		}
	}

}
