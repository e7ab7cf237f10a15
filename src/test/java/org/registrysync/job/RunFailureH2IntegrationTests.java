package org.registrysync.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.registrysync.support.FakeCortex.accepted;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.registrysync.outcome.Outcome;
import org.registrysync.outcome.OutcomeRepository;
import org.registrysync.outcome.OutcomeRow;
import org.registrysync.support.Cli;
import org.registrysync.support.FakeCortex;
import org.registrysync.support.Repository;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A run that fails for a reason of its own (a send task dying with an Error, the job
 * repository going away) ends FAILED and resumably within seconds, and sends nothing more
 * once it failed.
 */
class RunFailureH2IntegrationTests {

	private static final String API_KEY = "key-0b6e2d9a4c7f1e35b8a0d6c2f9e4b7a1";

	@TempDir
	Path dir;

	private FakeCortex cortex;

	private Repository repository;

	@BeforeEach
	void start() {
		cortex = new FakeCortex();
		repository = Repository.h2(dir);
	}

	@AfterEach
	void stop() {
		cortex.close();
	}

	private Path inventory(int n) throws IOException {
		StringBuilder text = new StringBuilder(AbstractSyncIntegrationTests.HEADER);
		for (int i = 1; i <= n; i++) {
			text.append("rc-").append(i).append(",DOCKER,n,https://r.example,u,p,t,CLOUD,r,false,ALL\n");
		}
		return Files.writeString(dir.resolve("connectors.csv"), text);
	}

	private String[] args(Path inventory, String... more) {
		List<String> options = new ArrayList<>(List.of("--sync.inventory=" + inventory));
		options.addAll(List.of(more));
		return Cli.arguments(repository, cortex, API_KEY, options.toArray(String[]::new)).toArray(String[]::new);
	}

	private Map<String, Long> outcomes() {
		Map<String, Long> counts = new java.util.TreeMap<>();
		repository.rows("SELECT outcome, COUNT(*) AS n FROM sync_outcome GROUP BY outcome")
			.forEach(row -> counts.put((String) row.get("OUTCOME"), ((Number) row.get("N")).longValue()));
		return counts;
	}

	/** Replaces a bean of the application as it is created. */
	private static void replace(SpringApplicationBuilder builder, Class<?> type,
			java.util.function.Function<JdbcTemplate, Object> replacement) {
		builder.initializers(context -> context.getBeanFactory().addBeanPostProcessor(new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String name) {
				return type.isInstance(bean) ? replacement.apply(context.getBean(JdbcTemplate.class)) : bean;
			}
		}));
	}

	@Test
	@Timeout(value = 90, unit = TimeUnit.SECONDS)
	void aSendTaskDyingWithAnErrorEndsTheRunFailedWithinSecondsAndTheSameCommandResumesIt() throws IOException {
		// given: the second request's task dies with a StackOverflowError while the
		// first connector's answer takes 1.5 s, so that the run sees the failure long
		// before its writer reaches that connector
		cortex.onEveryUpdate(accepted().withFixedDelay(50));
		cortex.onUpdate("rc-1", accepted().withFixedDelay(1_500));
		Path inventory = inventory(30);
		AtomicInteger sends = new AtomicInteger();
		AtomicLong diedAt = new AtomicLong();
		String[] options = { "--sync.chunk-size=10", "--sync.rate-limit=40", "--cortex.preflight=false" };

		// when
		long started = System.nanoTime();
		Cli.Result failed = Cli.run(builder -> replace(builder, SyncMetrics.class,
				jdbc -> new SyncMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry()) {
					@Override
					public void sent() {
						if (sends.incrementAndGet() == 2) {
							diedAt.set(System.nanoTime());
							throw new StackOverflowError("injected");
						}
					}
				}), args(inventory, options));

		// then: FAILED, exit 1, within seconds, not a hang
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
		assertThat(failed.exitCode()).isEqualTo(1);
		assertThat(failed.err()).contains("FAILED").contains("re-run the same command to resume it");
		assertThat(repository.rows("SELECT status FROM batch_job_execution")).extracting(row -> row.get("STATUS"))
			.containsExactly("FAILED");
		assertThat(cortex.arrivalsAfter(diedAt.get() + Duration.ofMillis(100).toNanos()))
			.as("requests that arrived after the send task died")
			.isZero();

		// when: the same command, without the fault
		Cli.Result resumed = Cli.run(args(inventory, options));

		// then
		assertThat(resumed.exitCode()).isZero();
		assertThat(resumed.out()).contains("Resuming run");
		assertThat(outcomes()).containsExactly(Map.entry("UPDATED", 30L));
	}

	@Test
	void aRunThatFailsForAReasonNotCortexsSendsNothingAfterTheFailure() throws IOException {
		// given: Cortex answers after 100 ms; the outcome table fails on the second
		// chunk,
		// and the job repository is slow to answer from then on, as a database going away
		// is
		cortex.onEveryUpdate(accepted().withFixedDelay(100));
		Path inventory = inventory(300);
		AtomicLong failedAt = new AtomicLong();

		// when
		Cli.Result failed = Cli.run(builder -> replace(builder, OutcomeRepository.class, jdbc -> {
			AtomicInteger chunks = new AtomicInteger();
			return new OutcomeRepository(jdbc) {
				@Override
				public void insert(List<OutcomeRow> rows) {
					if (chunks.incrementAndGet() == 2) {
						failedAt.set(System.nanoTime());
						throw new DataAccessResourceFailureException("injected: database went away");
					}
					super.insert(rows);
				}

				@Override
				public Map<Outcome, Long> counts(long jobInstanceId) {
					if (failedAt.get() != 0) {
						sleep(Duration.ofMillis(1500));
					}
					return super.counts(jobInstanceId);
				}
			};
		}), args(inventory, "--sync.chunk-size=20", "--sync.rate-limit=40", "--sync.max-concurrency=4"));

		// then: requests in flight when it failed may still arrive; none is sent later
		assertThat(failed.exitCode()).isEqualTo(1);
		assertThat(failed.err()).contains("injected: database went away");
		assertThat(failedAt.get()).isNotZero();
		long grace = Duration.ofMillis(100).toNanos();
		assertThat(cortex.arrivalsAfter(failedAt.get() + grace)).as("requests that arrived after the failure").isZero();
		assertThat(cortex.updates().size()).isLessThan(300);
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

}
