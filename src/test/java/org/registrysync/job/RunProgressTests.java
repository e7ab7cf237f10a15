package org.registrysync.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.registrysync.outcome.Outcome;
import org.registrysync.outcome.OutcomeRow;

class RunProgressTests {

	private static OutcomeRow row(long number, Outcome outcome) {
		Instant now = Instant.now();
		return new OutcomeRow(1, 1, number, "rc-" + number, "c.csv:" + number, outcome, null, null, null, 0, 0, now,
				now);
	}

	@Test
	void tellsDoneOfTotalRateTimeLeftAndCountsIncludingEarlierExecutions() throws InterruptedException {
		// given: a resumed run whose first execution recorded 100 records
		RunProgress progress = new RunProgress(null);
		progress.start(1000, Map.of(Outcome.UPDATED, 90L, Outcome.INVALID, 10L));

		// when
		Thread.sleep(200);
		progress.recorded(List.of(row(101, Outcome.UPDATED), row(102, Outcome.FAILED)));

		// then
		String line = progress.line();
		assertThat(line).startsWith("Progress: 102/1000 records (10%), ")
			.contains(" records/s, ")
			.contains(" left;")
			.endsWith("; UPDATED 91 INVALID 10 FAILED 1");
	}

	@Test
	void anEmptyRunIsComplete() {
		RunProgress progress = new RunProgress(null);
		progress.start(0, Map.of());

		assertThat(progress.line()).startsWith("Progress: 0/0 records (100%), 0.0 records/s, time left unknown;");
	}

}
