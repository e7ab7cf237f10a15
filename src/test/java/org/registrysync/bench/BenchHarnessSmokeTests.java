package org.registrysync.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registrysync.support.Databases;

/**
 * Runs the benchmark harness ({@code bench/Bench.java}) at its smoke size against the
 * packaged jar, as the README's benchmark command does at full size: every scenario and
 * every tool runs, and every registry-sync run ends as it must. No timing is asserted.
 * Failsafe runs it after {@code package}, when the jar exists.
 */
class BenchHarnessSmokeTests {

	@Test
	void everyScenarioRunsAndEveryRegistrySyncRunEndsAsItMust(@TempDir Path work) throws Exception {
		// given
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "bench/Bench.java",
						"--size=smoke", "--work=" + work, "--jar=target/registry-sync.jar"));
		String postgres = System.getenv(Databases.POSTGRES_URL);
		if (postgres != null && !postgres.isBlank()) {
			command.add("--postgres-url=" + postgres);
			command.add("--postgres-user=" + System.getenv().getOrDefault(Databases.POSTGRES_USER, "postgres"));
			command.add("--postgres-password=" + System.getenv().getOrDefault(Databases.POSTGRES_PASSWORD, ""));
		}
		else {
			System.err.println("*** The benchmark harness's PostgreSQL run SKIPPED: set " + Databases.POSTGRES_URL);
			command.add("--no-postgres");
		}
		Path log = work.resolve("bench.log");

		// when
		Process bench = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		boolean finished = bench.waitFor(10, TimeUnit.MINUTES);
		if (!finished) {
			bench.destroyForcibly();
		}

		// then
		assertThat(finished).as("finished within 10 minutes").isTrue();
		assertThat(bench.exitValue()).as(Files.readString(log)).isZero();
		List<List<String>> rows = rows(Files.readString(work.resolve("results.md")));
		assertThat(rows).extracting(row -> row.get(0) + " / " + row.get(1))
			.containsExactly("at the limit: 200 ms, limit 20/s / registry-sync, concurrency 8",
					"at the limit: 200 ms, limit 20/s / curl loop (vendor example)",
					"overhead: no latency, no limit / JDK HttpClient loop, one connection",
					"overhead: no latency, no limit / registry-sync, H2",
					"overhead: no latency, no limit / registry-sync, PostgreSQL",
					"overhead: no latency, no limit / curl loop (vendor example)",
					"faults: 5% 503, 1% resets, 200 ms, limit 20/s / registry-sync, concurrency 8",
					"faults: 5% 503, 1% resets, 200 ms, limit 20/s / curl loop (vendor example)",
					"memory: -Xmx256m / registry-sync, dry run", "memory: -Xmx256m / registry-sync, full run",
					"incremental: unchanged inventory / registry-sync, first night",
					"incremental: unchanged inventory / registry-sync, second night",
					"live: 200 ms, limit 20/s / registry-sync, first sync (fills the tenant)",
					"live: 200 ms, limit 20/s / registry-sync, live plan (dry run)",
					"live: 200 ms, limit 20/s / registry-sync, live sync, every 10th changed",
					"merge: 200 ms, limit 20/s / registry-sync, first sync (fills the tenant)",
					"merge: 200 ms, limit 20/s / registry-sync, merge, every 2nd moved",
					"fleet: 3 tenants × 40, 100 ms, limit 10/s each / registry-sync, one process, every tenant at once");
		assertThat(result(rows, "at the limit", "registry-sync")).startsWith("UPDATED 40/40;")
			.contains("busiest second");
		assertThat(result(rows, "at the limit", "curl loop")).startsWith("40/40 answered 2xx");
		assertThat(result(rows, "overhead", "JDK HttpClient loop")).startsWith("200/200 answered 2xx");
		assertThat(result(rows, "overhead", "registry-sync, H2")).startsWith("UPDATED 200/200;");
		if (postgres != null && !postgres.isBlank()) {
			assertThat(result(rows, "overhead", "registry-sync, PostgreSQL")).startsWith("UPDATED 200/200;");
		}
		else {
			assertThat(result(rows, "overhead", "registry-sync, PostgreSQL")).startsWith("skipped:");
		}
		assertThat(result(rows, "faults", "registry-sync")).startsWith("UPDATED 100/100;");
		assertThat(result(rows, "memory", "dry run")).startsWith("PLANNED 2000/2000;");
		assertThat(result(rows, "memory", "full run")).startsWith("UPDATED 2000/2000;");
		assertThat(result(rows, "incremental", "first night")).startsWith("UPDATED 300/300;");
		assertThat(result(rows, "incremental", "second night")).startsWith("UNCHANGED 300/300;")
			.contains("0 updates sent");
		assertThat(result(rows, "live", "first sync")).startsWith("UPDATED 40/40;");
		assertThat(result(rows, "live", "live plan")).startsWith("PLANNED 0, UNCHANGED 40;")
			.contains("40 reads, 0 updates");
		assertThat(result(rows, "live", "live sync")).startsWith("UPDATED 4, UNCHANGED 36;")
			.contains("40 reads, 4 updates");
		assertThat(result(rows, "merge", "merge, every 2nd")).startsWith("UPDATED 20, UNCHANGED 20;")
			.contains("40 reads, 20 updates")
			.contains("read answered → update arrived");
		assertThat(result(rows, "fleet", "every tenant at once")).startsWith("every tenant UPDATED 40/40;")
			.contains("busiest second")
			.contains("ms a connector (JDK loop: ")
			.contains("120 updates)");
		for (List<String> row : rows.stream().filter(r -> !r.get(9).startsWith("skipped:")).toList()) {
			assertThat(Double.parseDouble(row.get(3))).as("wall time of %s", row).isPositive();
			assertThat(Long.parseLong(row.get(8).replace(",", ""))).as("peak RSS of %s", row).isPositive();
		}
	}

	private static List<List<String>> rows(String table) {
		return table.lines()
			.filter(line -> line.startsWith("| ") && !line.startsWith("| scenario") && !line.startsWith("| ---"))
			.map(line -> Arrays.stream(line.substring(1, line.length() - 1).split(" \\| ")).map(String::strip).toList())
			.toList();
	}

	private static String result(List<List<String>> rows, String scenario, String tool) {
		return rows.stream()
			.filter(row -> row.get(0).startsWith(scenario) && row.get(1).contains(tool))
			.findFirst()
			.orElseThrow()
			.get(9);
	}

}
