package org.registrysync.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.registrysync.client.Sha256;
import org.registrysync.support.Cli;
import org.registrysync.support.ChildJvm;
import org.registrysync.support.FakeCortex;
import org.registrysync.support.PostgresSchema;
import org.registrysync.support.Repository;

/** Fleet runs on a PostgreSQL job repository, one fresh schema per test. */
class FleetPostgresIntegrationTests extends AbstractFleetIntegrationTests {

	@RegisterExtension
	final PostgresSchema postgres = new PostgresSchema();

	@Override
	Repository repository() {
		return postgres.repository();
	}

	/**
	 * A run of one tenant already going (here: a session holding that tenant's run lock,
	 * as a run started by hand does) makes the fleet refuse that tenant alone.
	 */
	@Test
	void aTenantAnotherProcessIsSyncingIsRefusedAloneAndTheOthersComplete() throws Exception {
		// given
		Path fleet = threeTenants();
		long key = Long.parseUnsignedLong(
				Sha256.hex("registry-sync tenant " + servers.get("beta").baseUrl()).substring(0, 16), 16);
		try (Connection other = repository().jdbc().getDataSource().getConnection();
				Statement statement = other.createStatement()) {
			statement.execute("SELECT pg_advisory_lock(" + key + ")");

			// when
			Cli.Result result = Cli.run(args(fleet).toArray(String[]::new));

			// then
			assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
			assertThat(result.err()).contains("registry-sync: tenant beta: exit code 1: another registry-sync "
					+ "process is running against this tenant");
			assertThat(servers.get("beta").requests()).isEmpty();
			assertThat(servers.get("acme").updatesPerConnector()).hasSize(12);
			assertThat(servers.get("gamma").updatesPerConnector()).hasSize(24);
		}
	}

	/**
	 * Shards of one fleet in processes of their own, as the pods of a Kubernetes Indexed
	 * Job are, sharing the job repository; and a run of one tenant started by hand beside
	 * them.
	 */
	@Test
	void twoShardsAtOnceSyncEveryTenantOnceAndARunStartedByHandIsRefusedItsTenant() throws Exception {
		// given: four tenants of 100 connectors, 5 a second, 100 ms an answer: 20 s each
		List<String> entries = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			String name = "t" + i;
			server(name).onEveryUpdate(FakeCortex.accepted().withFixedDelay(100));
			keyFile(name, key(name));
			inventory(name, 100);
			entries.add(entry(name, 5));
		}
		Path fleet = fleet(entries.toArray(String[]::new));

		// when: shards 0/2 (t0, t2) and 1/2 (t1, t3) start at once
		List<Process> shards = new ArrayList<>();
		for (int shard = 0; shard < 2; shard++) {
			List<String> args = args(fleet, "--sync.fleet-shard=" + shard + "/2");
			args.set(args.indexOf("--sync.report=" + dir.resolve("report.json")),
					"--sync.report=" + dir.resolve("report-" + shard + ".json"));
			shards.add(ChildJvm.start(args, dir.resolve("shard-" + shard + ".log")));
		}
		// and, once t0 is being synced, a run of t0 alone is started by hand
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (servers.get("t0").updates().isEmpty() && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		List<String> byHand = new ArrayList<>(repository().arguments());
		byHand.add("--sync.inventory=" + dir.resolve("t0.csv"));
		byHand.addAll(servers.get("t0").arguments(key("t0")));
		Process hand = ChildJvm.start(byHand, dir.resolve("hand.log"));

		// then: the run by hand is refused, before it sends anything
		assertThat(hand.waitFor(60, TimeUnit.SECONDS)).isTrue();
		String handLog = Files.readString(dir.resolve("hand.log"));
		assertThat(hand.exitValue()).as(handLog).isEqualTo(1);
		assertThat(handLog).contains("another registry-sync process is running against this tenant");
		// and every tenant is applied, each connector sent once, by its own shard
		for (int shard = 0; shard < 2; shard++) {
			Process process = shards.get(shard);
			assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
			String log = Files.readString(dir.resolve("shard-" + shard + ".log"));
			assertThat(process.exitValue()).as(log).isZero();
			assertThat(log).contains("(shard " + shard + "/2), 2 tenants,")
				.containsPattern("\\n  t" + shard + " +\\d+ +0 +100 ")
				.containsPattern("\\n  t" + (shard + 2) + " +\\d+ +0 +100 ");
		}
		for (int i = 0; i < 4; i++) {
			FakeCortex server = servers.get("t" + i);
			assertThat(server.updatesPerConnector()).as("t" + i).hasSize(100);
			assertThat(server.updatesPerConnector().values()).as("t" + i + ": each connector once").containsOnly(1L);
			assertThat(server.busiestSecondOfUpdates()).as("t" + i).isLessThanOrEqualTo(5);
		}
		assertThat(repository().count("SELECT COUNT(*) FROM batch_job_instance WHERE job_name = ?",
				FleetJobConfiguration.JOB_NAME))
			.as("a fleet run per shard")
			.isEqualTo(2);
	}

}
