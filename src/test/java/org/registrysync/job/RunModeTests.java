package org.registrysync.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

/** What identifies a run, and its settings kept as job parameters. */
class RunModeTests {

	@Test
	void aMergeAndALiveSyncOfTheSameFileAreDifferentRuns() {
		RunMode live = new RunMode(false, false, List.of(), CompareMode.LIVE, null, null, false);
		RunMode merge = new RunMode(false, false, List.of(), CompareMode.LIVE, null, null, true);

		assertThat(live.key()).isEqualTo("incremental compare=live");
		assertThat(merge.key()).isEqualTo("incremental merge");
	}

	@Test
	void aMergeComparesLive() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RunMode(true, false, List.of(), CompareMode.LEDGER, null, null, true));
	}

	@Test
	void theSettingsOfAMergeComeBackFromItsJobParametersAndThoseOfAnOlderRunAreNoMerge() {
		RunParameters merge = new RunParameters(Path.of("move.csv"), "abc", 3, "https://api-x.example",
				new RunMode(false, false, List.of(), CompareMode.LIVE, null, null, true));
		JobParameters parameters = merge.addTo(new JobParametersBuilder()).toJobParameters();
		JobParameters older = new JobParameters(parameters.parameters()
			.stream()
			.filter(parameter -> !parameter.name().equals(RunParameters.MERGE))
			.collect(Collectors.toSet()));

		assertThat(RunParameters.of(parameters).mode().merge()).isTrue();
		assertThat(RunParameters.of(older).mode().merge()).isFalse();
	}

}
