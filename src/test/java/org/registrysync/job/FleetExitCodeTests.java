package org.registrysync.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The exit code of a fleet run, and the shard it runs (SPEC §7). */
class FleetExitCodeTests {

	@Test
	void theWorstOfTheTenantsCodesIsTwoOverOneOverThreeOverFourOverZero() {
		List<Integer> fromWorst = List.of(2, 1, 3, 4, 0);
		for (int i = 0; i < fromWorst.size(); i++) {
			for (int j = 0; j < fromWorst.size(); j++) {
				int expected = fromWorst.get(Math.min(i, j));
				assertThat(FleetFinisher.worse(fromWorst.get(i), fromWorst.get(j)))
					.as("%d and %d", fromWorst.get(i), fromWorst.get(j))
					.isEqualTo(expected);
			}
		}
	}

	@Test
	void aShardIsIndexOfCountAndEveryTenantWithoutOne() {
		assertThat(FleetCommand.Shard.parse(null)).isEqualTo(new FleetCommand.Shard(0, 1));
		assertThat(FleetCommand.Shard.parse(" 2/3 ")).isEqualTo(new FleetCommand.Shard(2, 3));
		assertThat(FleetCommand.Shard.parse("0/1")).hasToString("0/1");
		for (String bad : List.of("3/3", "-1/3", "1", "1/0", "a/b", "1/2/3", "$(JOB_COMPLETION_INDEX)/3")) {
			assertThatThrownBy(() -> FleetCommand.Shard.parse(bad)).as(bad)
				.isInstanceOf(ConfigurationException.class)
				.hasMessageContaining("sync.fleet-shard must be INDEX/COUNT")
				.hasMessageContaining("'" + bad + "'");
		}
	}

}
