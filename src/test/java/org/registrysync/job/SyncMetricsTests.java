package org.registrysync.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.registrysync.outcome.Outcome;
import org.registrysync.outcome.OutcomeRow;

class SyncMetricsTests {

	private static OutcomeRow row(long number, Outcome outcome, Boolean drift) {
		Instant now = Instant.now();
		return new OutcomeRow(1, 1, number, "rc-" + number, "c.csv:" + (number + 1), outcome, null, null, null, 0, 0,
				now, now, null, drift);
	}

	@Test
	void driftIsCountedOncePerConnectorFoundDrifted() {
		// given
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		SyncMetrics metrics = new SyncMetrics(registry);

		// when
		metrics.recorded(List.of(row(1, Outcome.PLANNED, true), row(2, Outcome.UNCHANGED, false),
				row(3, Outcome.UNCHANGED, null), row(4, Outcome.UPDATED, true)));

		// then
		assertThat(registry.get("registry_sync.drift").counter().count()).isEqualTo(2);
		assertThat(registry.get("registry_sync.outcomes").tag("outcome", "UNCHANGED").counter().count()).isEqualTo(2);
	}

	@Test
	void theMetersOfATenantOfAFleetCarryItsNameAndCountApartFromTheOthers() {
		// given
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		SyncMetrics metrics = new SyncMetrics(registry);
		SyncMetrics acme = metrics.forTenant("acme");
		SyncMetrics globex = metrics.forTenant("globex");

		// when
		acme.answered(200, Duration.ofMillis(5));
		acme.answered(200, Duration.ofMillis(5));
		globex.answered(200, Duration.ofMillis(5));
		acme.retried();
		globex.recorded(List.of(row(1, Outcome.UPDATED, true)));
		acme.finished("COMPLETED", Duration.ofSeconds(1));

		// then
		assertThat(registry.get("registry_sync.requests").tags("tenant", "acme", "status", "200").timer().count())
			.isEqualTo(2);
		assertThat(registry.get("registry_sync.requests").tags("tenant", "globex", "status", "200").timer().count())
			.isEqualTo(1);
		assertThat(registry.get("registry_sync.retries").tag("tenant", "acme").counter().count()).isEqualTo(1);
		assertThat(registry.get("registry_sync.retries").tag("tenant", "globex").counter().count()).isZero();
		assertThat(
				registry.get("registry_sync.outcomes").tags("tenant", "globex", "outcome", "UPDATED").counter().count())
			.isEqualTo(1);
		assertThat(registry.get("registry_sync.drift").tag("tenant", "globex").counter().count()).isEqualTo(1);
		assertThat(registry.get("registry_sync.run.duration").tag("tenant", "acme").timer().count()).isEqualTo(1);
		assertThat(registry.find("registry_sync.outcomes").tag("tenant", "acme").counters()).isEmpty();
	}

}
