package org.registrysync.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

class SendSpacingTests {

	@Test
	void afterAnIdleMomentABurstOfCallersNeverPutsMoreThanTheRateInOneSecond() throws Exception {
		// given: rate 20 with the client's margin, one send, then an idle moment that is
		// not a whole number of intervals
		int rate = 20;
		SendSpacing spacing = new SendSpacing(
				(long) Math.ceil(1_000_000_000.0 / rate * (1 + CortexClient.RATE_MARGIN)));
		List<Long> sends = new CopyOnWriteArrayList<>();
		sends.add(spacing.await());
		Thread.sleep(Duration.ofMillis(730));

		// when: 60 callers at once
		CountDownLatch start = new CountDownLatch(1);
		List<Thread> callers = new ArrayList<>();
		for (int i = 0; i < 60; i++) {
			callers.add(Thread.ofVirtual().start(() -> {
				try {
					start.await();
					sends.add(spacing.await());
				}
				catch (InterruptedException e) {
					Thread.currentThread().interrupt();
				}
			}));
		}
		start.countDown();
		for (Thread caller : callers) {
			caller.join();
		}

		// then: no window of one second holds more than 20 sends
		List<Long> sorted = sends.stream().sorted().toList();
		assertThat(sorted).hasSize(61);
		for (int i = rate; i < sorted.size(); i++) {
			assertThat(sorted.get(i) - sorted.get(i - rate)).as("sends %d to %d", i - rate, i)
				.isGreaterThanOrEqualTo(Duration.ofSeconds(1).toNanos());
		}
	}

}
