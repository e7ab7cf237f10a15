package org.registrysync.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.registrysync.client.CortexFatalException;
import org.registrysync.client.UpdateResult;
import org.registrysync.inventory.SourceLocation;
import org.registrysync.outcome.LedgerRepository;
import org.registrysync.outcome.OutcomeRepository;
import org.springframework.batch.infrastructure.item.Chunk;

class AwaitAndRecordWriterTests {

	private final OutcomeRepository outcomes = mock(OutcomeRepository.class);

	private AwaitAndRecordWriter writer(java.util.function.LongSupplier lastActivity, Duration idleLimit) {
		return new AwaitAndRecordWriter(outcomes, mock(LedgerRepository.class), "https://api-t.example",
				new AwaitAndRecordWriter.RunIds(1, 1), Clock.systemUTC(), new StopSignal(), new RunProgress(outcomes),
				mock(SyncMetrics.class), mock(RunLock.class), lastActivity, idleLimit);
	}

	private static SyncItem.Sending sending(CompletableFuture<UpdateResult> result) {
		return new SyncItem.Sending(new SyncItem.Origin(1, new SourceLocation("connectors.csv", 2), "rc-1"), "rc-1",
				null, Comparison.UNKNOWN, result);
	}

	@Test
	void anAnswerAwaitedWhileTheClientDoesNothingForTooLongFailsTheRun() {
		// given: a send whose answer never comes, and a client idle for a minute
		long idleSince = System.nanoTime() - Duration.ofMinutes(1).toNanos();
		AwaitAndRecordWriter writer = writer(() -> idleSince, Duration.ofSeconds(30));

		// when, then
		long started = System.nanoTime();
		assertThatThrownBy(() -> writer.write(Chunk.of(sending(new CompletableFuture<>()))))
			.isInstanceOf(CortexFatalException.class)
			.hasMessageContaining("no answer for rc-1")
			.hasMessageContaining("can be resumed");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
	}

	@Test
	void aSlowRunWhoseClientKeepsWorkingIsNeverCut() throws Exception {
		// given: the answer comes after 2.5 s, well past the idle limit, while the client
		// keeps sending other requests
		AwaitAndRecordWriter writer = writer(System::nanoTime, Duration.ofMillis(200));
		CompletableFuture<UpdateResult> answer = new CompletableFuture<>();
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try {
			// when
			Future<?> written = executor.submit(() -> {
				writer.write(Chunk.of(sending(answer)));
				return null;
			});
			Thread.sleep(2_500);
			assertThat(written).isNotDone();
			answer.complete(new UpdateResult.Applied(204, 1, Instant.now(), Duration.ofMillis(2_500)));

			// then
			written.get(5, TimeUnit.SECONDS);
			org.mockito.Mockito.verify(outcomes).insert(org.mockito.ArgumentMatchers.argThat(List.class::isInstance));
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void aLimitTooLargeForNanosecondsDoesNotOverflow() throws Exception {
		// given: timeouts meant as "no timeout"
		AwaitAndRecordWriter writer = writer(System::nanoTime, Duration.ofSeconds(Long.MAX_VALUE / 4));
		CompletableFuture<UpdateResult> answered = CompletableFuture
			.completedFuture(new UpdateResult.Applied(200, 1, Instant.now(), Duration.ofMillis(5)));

		// when
		writer.write(Chunk.of(sending(answered)));

		// then
		org.mockito.Mockito.verify(outcomes).insert(org.mockito.ArgumentMatchers.argThat(List.class::isInstance));
	}

}
