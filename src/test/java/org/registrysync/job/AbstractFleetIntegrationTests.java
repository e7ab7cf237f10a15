package org.registrysync.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.registrysync.support.Cli;
import org.registrysync.support.FakeCortex;
import org.registrysync.support.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fleet runs ({@code sync.fleet}, SPEC §7) against several real HTTP servers on loopback,
 * one per tenant, each with its own key and rate limit, and a real job repository.
 */
abstract class AbstractFleetIntegrationTests {

	@TempDir(cleanup = CleanupMode.ON_SUCCESS)
	Path dir;

	final Map<String, FakeCortex> servers = new LinkedHashMap<>();

	abstract Repository repository();

	@AfterEach
	void stopServers() {
		servers.values().forEach(FakeCortex::close);
	}

	/** A server for a tenant that accepts only its own key. */
	FakeCortex server(String name) {
		FakeCortex server = new FakeCortex();
		server.requireKey(key(name));
		servers.put(name, server);
		return server;
	}

	static String key(String name) {
		return "key-" + name + "-0123456789abcdef";
	}

	/** The tenant's key in a file of its own, as a Kubernetes Secret mounts it. */
	Path keyFile(String name, String key) throws IOException {
		Path folder = Files.createDirectories(dir.resolve("secrets").resolve(name));
		return Files.writeString(folder.resolve("api-key"), key + "\n");
	}

	/** An inventory of connectors NAME-1 … NAME-n. */
	Path inventory(String name, int n) throws IOException {
		StringBuilder text = new StringBuilder(AbstractSyncIntegrationTests.HEADER);
		for (int i = 1; i <= n; i++) {
			text.append(name).append('-').append(i).append(",DOCKER,n,https://r.example,u,p,t,CLOUD,r,false,ALL\n");
		}
		return Files.writeString(dir.resolve(name + ".csv"), text);
	}

	/** A fleet file entry: the tenant's server, its key file, inventory and limit. */
	String entry(String name, int rateLimit) throws IOException {
		return "  - name: " + name + "\n    base-url: " + servers.get(name).baseUrl() + "\n    api-key-id: 42\n"
				+ "    api-key: ${file:" + dir.resolve("secrets").resolve(name).resolve("api-key") + "}\n"
				+ "    inventory: " + name + ".csv\n    rate-limit: " + rateLimit + "\n";
	}

	Path fleet(String... entries) throws IOException {
		return Files.writeString(dir.resolve("fleet.yml"), "tenants:\n" + String.join("", entries));
	}

	List<String> args(Path fleet, String... more) {
		List<String> args = new ArrayList<>(repository().arguments());
		args.add("--sync.fleet=" + fleet);
		args.add("--sync.report=" + dir.resolve("report.json"));
		args.add("--sync.retry-backoff=20ms");
		args.add("--sync.retry-backoff-max=100ms");
		args.addAll(List.of(more));
		return args;
	}

	/** Three tenants, 12, 18 and 24 connectors, limits 4, 6 and 8 a second. */
	Path threeTenants() throws IOException {
		List<String> entries = new ArrayList<>();
		String[] names = { "acme", "beta", "gamma" };
		for (int i = 0; i < names.length; i++) {
			server(names[i]);
			keyFile(names[i], key(names[i]));
			inventory(names[i], 12 + 6 * i);
			entries.add(entry(names[i], 4 + 2 * i));
		}
		return fleet(entries.toArray(String[]::new));
	}

	@Test
	void everyTenantIsSyncedAtOnceWithItsOwnKeyAndWithinItsOwnLimit() throws Exception {
		// given
		Path fleet = threeTenants();

		// when
		long started = System.nanoTime();
		Cli.Result result = Cli.run(args(fleet).toArray(String[]::new));
		double seconds = (System.nanoTime() - started) / 1e9;

		// then: each server got its own connectors, once each, with its own key
		assertThat(result.exitCode()).as(result.all()).isZero();
		String[] names = { "acme", "beta", "gamma" };
		for (int i = 0; i < names.length; i++) {
			FakeCortex server = servers.get(names[i]);
			String name = names[i];
			int connectors = 12 + 6 * i;
			assertThat(server.updatesPerConnector()).as(names[i]).hasSize(connectors);
			assertThat(server.updatesPerConnector().values()).as(names[i]).containsOnly(1L);
			assertThat(server.updatesPerConnector().keySet()).allMatch(id -> id.startsWith(name + "-"));
			assertThat(server.requests()).allMatch(r -> key(name).equals(r.getHeader("Authorization")));
			assertThat(server.busiestSecondOfUpdates()).as(names[i] + "'s busiest second")
				.isLessThanOrEqualTo(4 + 2 * i);
		}
		// at the same time: one after the other would take 3 + 3 + 3 seconds at least
		assertThat(seconds).isLessThan(8.5);
		// a row per tenant, a run of its own each
		assertThat(result.out()).containsPattern("registry-sync fleet run \\d+ COMPLETED: .*fleet.yml \\(shard 0/1\\), "
				+ "3 tenants, [0-9.]+ s, exit code 0");
		assertThat(result.out()).containsPattern("\\n  acme +\\d+ +0 +12 ");
		assertThat(result.out()).containsPattern("\\n  gamma +\\d+ +0 +24 ");
		assertThat(repository().count("SELECT COUNT(*) FROM sync_run WHERE tenant = ?", servers.get("beta").baseUrl()))
			.isEqualTo(1);
		JsonNode report = JsonMapper.builder().build().readTree(dir.resolve("report.json").toFile());
		assertThat(report.at("/fleet/exit_code").asInt()).isZero();
		assertThat(report.at("/tenants").size()).isEqualTo(3);
		assertThat(report.at("/tenants/1/name").asString()).isEqualTo("beta");
		assertThat(report.at("/tenants/1/counts/UPDATED").asInt()).isEqualTo(18);
		assertThat(report.at("/tenants/1/records").size()).isEqualTo(18);
		assertThat(report.at("/tenants/1/rate_limit").asInt()).isEqualTo(6);
		// no key anywhere
		String everything = result.all() + Files.readString(dir.resolve("report.json")) + Tables.dump(repository());
		for (String name : names) {
			assertThat(everything).doesNotContain(key(name));
		}
	}

	@Test
	void aTenantWhoseKeyIsRejectedFailsAloneAndTheSameCommandThenResumesOnlyIt() throws Exception {
		// given: beta's key file holds a key its tenant refuses
		Path fleet = threeTenants();
		keyFile("beta", "key-revoked-0123456789abcdef");

		// when
		Cli.Result first = Cli.run(args(fleet).toArray(String[]::new));

		// then: beta fails alone, nothing sent to it; the others are in sync
		assertThat(first.exitCode()).as(first.all()).isEqualTo(1);
		assertThat(servers.get("beta").updates()).isEmpty();
		assertThat(servers.get("acme").updatesPerConnector()).hasSize(12);
		assertThat(servers.get("gamma").updatesPerConnector()).hasSize(24);
		assertThat(first.err()).contains("registry-sync: tenant beta: exit code 1: ")
			.contains("re-run the same command to resume it")
			.doesNotContain("tenant acme")
			.doesNotContain("tenant gamma");
		assertThat(first.out()).containsPattern("\\n  beta +- +1 ");
		assertThat(first.all()).doesNotContain("key-revoked-0123456789abcdef");
		int acmeRequests = servers.get("acme").requests().size();
		int gammaRequests = servers.get("gamma").requests().size();

		// when: the key is fixed and the same command runs again
		keyFile("beta", key("beta"));
		Cli.Result second = Cli.run(args(fleet).toArray(String[]::new));

		// then: the fleet run resumes with beta only
		assertThat(second.exitCode()).as(second.all()).isZero();
		assertThat(servers.get("beta").updatesPerConnector()).hasSize(18);
		assertThat(servers.get("acme").requests()).hasSize(acmeRequests);
		assertThat(servers.get("gamma").requests()).hasSize(gammaRequests);
		assertThat(second.out()).containsPattern("\\n  acme +\\d+ +0 +12 .*\\(earlier\\)");
		assertThat(repository().count(
				"SELECT COUNT(DISTINCT job_instance_id) FROM batch_job_execution WHERE "
						+ "job_instance_id IN (SELECT job_instance_id FROM batch_job_instance WHERE job_name = ?)",
				FleetJobConfiguration.JOB_NAME))
			.as("one fleet run, resumed")
			.isEqualTo(1);
	}

	@Test
	void aTenantWhoseInventoryCannotBeReadOrWhoseCortexIsDownFailsAloneAndTheWorstCodeIsTheFleets() throws Exception {
		// given: beta's inventory is not there, gamma's Cortex is down
		Path fleet = threeTenants();
		Files.delete(dir.resolve("beta.csv"));
		servers.get("gamma").close();

		// when
		Cli.Result result = Cli.run(args(fleet, "--sync.max-attempts=2").toArray(String[]::new));

		// then: acme is in sync; beta is a configuration error (2), gamma failed (1): 2
		assertThat(result.exitCode()).as(result.all()).isEqualTo(2);
		assertThat(servers.get("acme").updatesPerConnector()).hasSize(12);
		assertThat(result.out()).containsPattern("\\n  acme +\\d+ +0 +12 ")
			.containsPattern("\\n  beta +- +2 ")
			.containsPattern("\\n  gamma +- +1 ");
		assertThat(result.err()).contains("registry-sync: tenant beta: exit code 2: ")
			.contains("beta.csv")
			.contains("registry-sync: tenant gamma: exit code 1: ");
		JsonNode report = JsonMapper.builder().build().readTree(dir.resolve("report.json").toFile());
		assertThat(report.at("/fleet/exit_code").asInt()).isEqualTo(2);
		assertThat(report.at("/tenants/0/exit_code").asInt()).isZero();
		assertThat(report.at("/tenants/1/problem").asString()).contains("beta.csv");
		assertThat(report.at("/tenants/2/exit_code").asInt()).isEqualTo(1);
	}

	@Test
	void aTenantWithoutAnAuthModeOfItsOwnSignsAsCortexAuthModeSays() throws Exception {
		// given: acme says standard; beta and gamma say nothing, and cortex.auth-mode is
		// advanced
		Path fleet = threeTenants();
		Files.writeString(fleet, Files.readString(fleet)
			.replace("    inventory: acme.csv\n", "    inventory: acme.csv\n    auth-mode: standard\n"));

		// when
		Cli.Result result = Cli.run(args(fleet, "--cortex.auth-mode=advanced").toArray(String[]::new));

		// then: acme signs standard and is in sync; beta's requests are signed advanced,
		// which its
		// server (taking the key as a standard one) refuses
		assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
		assertThat(servers.get("acme").updatesPerConnector()).hasSize(12);
		assertThat(servers.get("acme").requests()).noneMatch(r -> r.containsHeader("x-xdr-nonce"));
		assertThat(servers.get("beta").requests()).isNotEmpty().allMatch(r -> r.containsHeader("x-xdr-nonce"));
		assertThat(servers.get("beta").updates()).isEmpty();
	}

	@Test
	void aChangedSharedInventoryStartsANewFleetRunRatherThanLeaveItsTenantOut() throws Exception {
		// given: acme takes sync.inventory; beta's key is refused, so the fleet run fails
		Path fleet = threeTenants();
		Files.writeString(fleet, Files.readString(fleet).replace("    inventory: acme.csv\n", ""));
		keyFile("beta", "key-revoked-0123456789abcdef");
		String shared = "--sync.inventory=" + dir.resolve("acme.csv");
		Cli.Result first = Cli.run(args(fleet, shared).toArray(String[]::new));
		assertThat(first.exitCode()).as(first.all()).isEqualTo(1);
		assertThat(servers.get("acme").updatesPerConnector()).hasSize(12);

		// when: the shared inventory gains a connector and the same command runs again,
		// beta still refused
		inventory("acme", 13);
		Cli.Result second = Cli.run(args(fleet, shared).toArray(String[]::new));

		// then: a new fleet run, which syncs acme's new connector
		assertThat(second.exitCode()).as(second.all()).isEqualTo(1);
		assertThat(servers.get("acme").updatesPerConnector()).containsEntry("acme-13", 1L).hasSize(13);
		assertThat(repository().count("SELECT COUNT(*) FROM batch_job_instance WHERE job_name = ?",
				FleetJobConfiguration.JOB_NAME))
			.isEqualTo(2);
	}

	@Test
	void aTenantWhoseKeyReferenceCannotBeReadFailsAloneWithExitCode2() throws Exception {
		// given: beta's key is in an environment variable that is not set
		Path fleet = threeTenants();
		Files.writeString(fleet, Files.readString(fleet)
			.replaceAll("api-key: \\$\\{file:[^}]*beta[^}]*}", "api-key: \\${env:REGISTRY_SYNC_TEST_UNSET_KEY}"));

		// when
		Cli.Result result = Cli.run(args(fleet).toArray(String[]::new));

		// then
		assertThat(result.exitCode()).as(result.all()).isEqualTo(2);
		assertThat(result.err()).contains("registry-sync: tenant beta: exit code 2: api-key: ")
			.contains("REGISTRY_SYNC_TEST_UNSET_KEY is not set in the environment");
		assertThat(servers.get("beta").requests()).isEmpty();
		assertThat(servers.get("acme").updatesPerConnector()).hasSize(12);
		assertThat(servers.get("gamma").updatesPerConnector()).hasSize(24);
	}

	@Test
	void aFleetFileThatCannotBeUsedStopsEverythingBeforeAnythingIsSent() throws Exception {
		threeTenants();
		String acme = entry("acme", 4);
		String beta = entry("beta", 6);
		Map<String, String> cases = new LinkedHashMap<>();
		cases.put("tenants:\n  - name: [acme\n", "fleet.yml:3: not a YAML fleet file");
		cases.put("tenants:\n" + acme + beta.replace("    api-key-id: 42\n", ""),
				"tenants[1] (beta): api-key-id: required");
		cases.put("tenants:\n" + acme + acme.replace(servers.get("acme").baseUrl(), servers.get("beta").baseUrl()),
				"tenants[1] (acme): name: already the name of tenants[0]");
		cases.put(
				"tenants:\n" + acme
						+ beta.replace("name: beta", "name: beta2")
							.replace(servers.get("beta").baseUrl(), servers.get("acme").baseUrl() + "/"),
				"tenants[1] (beta2): base-url: already the base URL of tenant acme");
		cases.put("tenants:\n" + acme + beta.replaceAll("api-key: .*\n", "api-key: " + key("beta") + "\n"),
				"tenants[1] (beta): api-key: is written in clear");
		cases.put("tenants:\n" + acme + beta.replace("rate-limit", "rate-limt"),
				"tenants[1] (beta): rate-limt: unknown field; did you mean rate-limit?");
		cases.put("tenants:\n" + acme + beta.replace("    inventory: beta.csv\n", ""),
				"tenants[1] (beta): inventory: required, since sync.inventory is not set");
		for (Map.Entry<String, String> test : cases.entrySet()) {
			Path fleet = Files.writeString(dir.resolve("fleet.yml"), test.getKey());
			Cli.Result result = Cli.run(args(fleet).toArray(String[]::new));
			assertThat(result.exitCode()).as(result.all()).isEqualTo(2);
			assertThat(result.err()).contains(test.getValue()).contains("nothing was sent");
			assertThat(result.all()).doesNotContain(key("beta"));
		}
		servers.values().forEach(server -> assertThat(server.requests()).isEmpty());
	}

	@Test
	void propertiesThatBelongToOneTenantAreRefusedWithAFleet() throws Exception {
		Path fleet = threeTenants();
		Cli.Result result = Cli.run(args(fleet, "--cortex.base-url=" + servers.get("acme").baseUrl(),
				"--sync.only=acme-1", "--sync.fleet-shard=2/2")
			.toArray(String[]::new));
		assertThat(result.exitCode()).as(result.all()).isEqualTo(2);
		assertThat(result.err()).contains("leave out cortex.base-url")
			.contains("sync.export and sync.only name the connectors of one tenant")
			.contains("sync.fleet-shard must be INDEX/COUNT with 0 <= INDEX < COUNT");
		servers.values().forEach(server -> assertThat(server.requests()).isEmpty());
	}

	@Test
	void aShardSyncsEveryCountthTenantOfTheFile() throws Exception {
		// given
		Path fleet = threeTenants();

		// when: shard 1 of 2 holds beta only (positions 0, 1, 2 modulo 2)
		Cli.Result result = Cli.run(args(fleet, "--sync.fleet-shard=1/2").toArray(String[]::new));

		// then
		assertThat(result.exitCode()).as(result.all()).isZero();
		assertThat(servers.get("beta").updatesPerConnector()).hasSize(18);
		assertThat(servers.get("acme").requests()).isEmpty();
		assertThat(servers.get("gamma").requests()).isEmpty();
		assertThat(result.out()).contains("(shard 1/2), 1 tenant,");
	}

}
