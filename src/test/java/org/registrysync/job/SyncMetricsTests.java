package org.registrysync.job;

import static org.assertj.core.api.Assertions.assertThat;

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

}
