package org.registrysync.job;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.registrysync.support.FakeCortex.accepted;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.registrysync.support.Cli;
import org.registrysync.support.FakeCortex;
import org.registrysync.support.Reports;
import org.registrysync.support.Repository;
import org.springframework.boot.logging.LoggingSystem;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Field-level changes, offline from the ledger and live from a GET of each connector, and
 * drift (SPEC §5): the whole command against a Cortex on 127.0.0.1, on a real job
 * repository (H2 or PostgreSQL in the subclasses).
 */
abstract class AbstractCompareIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static final String API_KEY = "key-3b8e1f0c6a2d4e97b5c1a0f3d8e2b6c4";

	static final String PASSWORD = "pw-Vb7nQ2rK9sLw";

	static final String TOKEN = "tok-Xe4Jm8Tz1Gq5";

	static final String HEADER = "connector_id,vendor,name,url,username,password,auth_token,scanning_mode,region,"
			+ "insecure_pull,initial_scan_configuration.mode\n";

	/** What a GET may answer for the secrets: a mask, nothing, or the values. */
	static final Map<String, String> SECRETS_ON_GET = Map.of("masked",
			", \"password\": \"********\", \"auth_token\": \"********\"", "omitted", "", "clear",
			", \"password\": \"" + PASSWORD + "\", \"auth_token\": \"" + TOKEN + "\"");

	@TempDir
	Path dir;

	@RegisterExtension
	final FakeCortex cortex = new FakeCortex();

	/** The job repository of one test. */
	abstract Repository repository();

	Path secretFile() throws IOException {
		Path file = dir.resolve("password.txt");
		if (!Files.exists(file)) {
			Files.writeString(file, PASSWORD + "\n");
		}
		return file;
	}

	String row(String id, String region) throws IOException {
		return id + ",DOCKER,Registry " + id + ",https://r.example,u,${file:" + secretFile() + "}," + TOKEN + ",CLOUD,"
				+ region + ",false,ALL\n";
	}

	/** An inventory of rc-1 … rc-n in us-east-1, but for the regions given by id. */
	Path inventory(int n, Map<String, String> regions) throws IOException {
		StringBuilder text = new StringBuilder(HEADER);
		for (int i = 1; i <= n; i++) {
			String id = "rc-" + i;
			text.append(row(id, regions.getOrDefault(id, "us-east-1")));
		}
		return Files.writeString(dir.resolve("connectors.csv"), text);
	}

	/**
	 * A connector as a GET answers it: what {@link #row} sends, with the zero values of
	 * the fields Cortex stores without "unset", and the secrets as given.
	 */
	static ResponseDefinitionBuilder definition(String id, String region, String secrets, String extra) {
		return definition(id, region, secrets, extra, "");
	}

	/** As {@link #definition(String, String, String, String)}, with a CA certificate. */
	static ResponseDefinitionBuilder definition(String id, String region, String secrets, String extra,
			String caCertificate) {
		return aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"connector_id\": \"" + id + "\", \"vendor\": \"DOCKER\", \"name\": \"Registry " + id
					+ "\", \"enabled\": true, \"url\": \"https://r.example\", \"username\": \"u\"" + secrets
					+ ", \"scanning_mode\": \"CLOUD\", \"outpost_id\": \"\", \"region\": \"" + region
					+ "\", \"insecure_pull\": false, \"ca_certificate\": " + JSON.writeValueAsString(caCertificate)
					+ ", \"repository\": \"\", "
					+ "\"initial_scan_configuration\": {\"mode\": \"ALL\"}, \"allow_static_ips\": false, "
					+ "\"ip_identifier\": \"\", \"tenant_id\": \"\", \"broker_type\": \"\", \"broker_id\": \"\", "
					+ "\"filter_type\": \"INCLUDE\"" + extra + "}");
	}

	static ResponseDefinitionBuilder definition(String id, String region) {
		return definition(id, region, SECRETS_ON_GET.get("masked"), "");
	}

	List<String> args(Path inventory, String... more) {
		List<String> options = new ArrayList<>(
				List.of("--sync.inventory=" + inventory, "--sync.report=" + dir.resolve("report.json")));
		options.addAll(List.of(more));
		return Cli.arguments(repository(), cortex, API_KEY, options.toArray(String[]::new));
	}

	Cli.Result run(Path inventory, String... more) {
		return Cli.run(args(inventory, more).toArray(String[]::new));
	}

	JsonNode reportOf(String connectorId) throws IOException {
		return Reports.record(dir.resolve("report.json"), connectorId);
	}

	/** The latest run's outcome row of a connector. */
	Map<String, Object> outcomeOf(String connectorId) {
		return repository()
			.rows("SELECT * FROM sync_outcome WHERE connector_id = ? ORDER BY job_instance_id DESC", connectorId)
			.getFirst();
	}

	Map<String, Long> latestOutcomes() {
		return repository().latestOutcomes();
	}

	static String json(Object value) {
		return JSON.writeValueAsString(JSON.readTree(String.valueOf(value)));
	}

	@Nested
	class Offline {

		@Test
		void anEditedRecordShowsItsFieldChangeWithoutARequest() throws IOException {
			// given: a sync, then the inventory edited
			assertThat(run(inventory(2, Map.of())).exitCode()).isZero();
			int requests = cortex.requests().size();
			Path edited = inventory(2, Map.of("rc-2", "eu-west-1"));

			// when
			Cli.Result plan = run(edited, "--sync.dry-run=true");

			// then
			assertThat(plan.exitCode()).isZero();
			assertThat(cortex.requests()).as("no request in an offline dry run").hasSize(requests);
			assertThat(plan.out()).contains("Changes:\n  rc-2: region us-east-1 → eu-west-1\n").doesNotContain("rc-1:");
			assertThat(latestOutcomes()).containsOnly(Map.entry("UNCHANGED", 1L), Map.entry("PLANNED", 1L));
			String expected = "[{\"field\":\"region\",\"from\":\"us-east-1\",\"to\":\"eu-west-1\"}]";
			assertThat(json(reportOf("rc-2").get("changes"))).isEqualTo(expected);
			assertThat(reportOf("rc-1").get("changes").isNull()).isTrue();
			assertThat(reportOf("rc-2").has("drift")).as("not compared live").isFalse();
			assertThat(json(outcomeOf("rc-2").get("CHANGES"))).isEqualTo(expected);
			assertThat(outcomeOf("rc-2").get("DRIFT")).isNull();
		}

		@Test
		void aChangedSecretIsNamedWithoutItsValue() throws IOException {
			// given
			assertThat(run(inventory(2, Map.of())).exitCode()).isZero();
			Files.writeString(secretFile(), "pw-rotated-Nq81Zs\n");

			// when
			Cli.Result plan = run(inventory(2, Map.of()), "--sync.dry-run=true");

			// then
			assertThat(plan.exitCode()).isZero();
			assertThat(plan.out()).contains("  rc-1: password (secret)\n").contains("  rc-2: password (secret)\n");
			assertThat(json(reportOf("rc-1").get("changes"))).isEqualTo("[{\"field\":\"password\",\"secret\":true}]");
			assertThat(plan.all() + Files.readString(dir.resolve("report.json")) + Tables.dump(repository()))
				.doesNotContain("pw-rotated-Nq81Zs")
				.doesNotContain(PASSWORD)
				.doesNotContain(TOKEN);
		}

		@Test
		void aLedgerRowWrittenBeforeTheLedgerKeptBodiesStillWorks() throws IOException {
			// given: a sync, then the ledger as a version that kept fingerprints only
			// left it
			assertThat(run(inventory(2, Map.of())).exitCode()).isZero();
			repository().jdbc().update("UPDATE sync_ledger SET last_sent = NULL, secrets_fingerprint = NULL");

			// when
			Cli.Result unchanged = run(inventory(2, Map.of()), "--sync.dry-run=true");
			Map<String, Long> first = latestOutcomes();
			Cli.Result edited = run(inventory(2, Map.of("rc-2", "eu-west-1")), "--sync.dry-run=true");

			// then
			assertThat(unchanged.exitCode()).isZero();
			assertThat(first).containsOnly(Map.entry("UNCHANGED", 2L));
			assertThat(edited.exitCode()).isZero();
			assertThat(latestOutcomes()).containsOnly(Map.entry("UNCHANGED", 1L), Map.entry("PLANNED", 1L));
			assertThat(edited.out())
				.contains("1 connector without field-level changes: the ledger had no body to compare with");
			assertThat(reportOf("rc-2").get("changes").isNull()).isTrue();
		}

	}

	@Nested
	class Live {

		@ParameterizedTest
		@ValueSource(strings = { "masked", "omitted", "clear" })
		void whateverAGetAnswersForTheSecretsIsNeverKept(String secrets) throws IOException {
			// given: the ledger knows the connectors; Cortex answers their secrets so
			assertThat(run(inventory(2, Map.of())).exitCode()).isZero();
			cortex.onRead("rc-1", definition("rc-1", "us-east-1", SECRETS_ON_GET.get(secrets), ""));
			cortex.onRead("rc-2", definition("rc-2", "ap-south-1", SECRETS_ON_GET.get(secrets), ""));

			// when
			Cli.Result plan = run(inventory(2, Map.of()), "--sync.dry-run=true", "--sync.compare=live");

			// then
			assertThat(plan.exitCode()).isZero();
			assertThat(cortex.reads()).hasSize(2);
			assertThat(latestOutcomes()).containsOnly(Map.entry("UNCHANGED", 1L), Map.entry("PLANNED", 1L));
			assertThat(plan.out()).contains("  rc-2 (drift): region ap-south-1 → us-east-1\n");
			String everything = plan.all() + Files.readString(dir.resolve("report.json")) + Tables.dump(repository());
			assertThat(everything).doesNotContain(PASSWORD).doesNotContain(TOKEN).doesNotContain(API_KEY);
		}

		@Test
		void secretsAGetAnswersInClearAreNeverKeptSentOrCompared() throws IOException {
			// given: the ledger knows the connectors; Cortex answers other secrets in
			// clear
			assertThat(run(inventory(2, Map.of())).exitCode()).isZero();
			int updates = cortex.updates().size();
			String theirs = ", \"password\": \"pw-from-get-Zq81\", \"auth_token\": \"tok-from-get-Wm27\"";
			cortex.onRead("rc-1", definition("rc-1", "us-east-1", theirs, ""));
			cortex.onRead("rc-2", definition("rc-2", "ap-south-1", theirs, ""));

			// when: a live sync
			Cli.Result sync = run(inventory(2, Map.of()), "--sync.compare=live");

			// then: rc-1 is unchanged (a GET's secrets are no change), rc-2 is put back
			// with the inventory's secrets
			assertThat(sync.exitCode()).as(sync.all()).isZero();
			assertThat(latestOutcomes()).containsOnly(Map.entry("UNCHANGED", 1L), Map.entry("UPDATED", 1L));
			List<LoggedRequest> sent = cortex.updates().subList(updates, cortex.updates().size());
			assertThat(sent).extracting(FakeCortex::connectorId).containsExactly("rc-2");
			assertThat(sent.getFirst().getBodyAsString()).contains("\"password\":\"" + PASSWORD + "\"")
				.contains("\"auth_token\":\"" + TOKEN + "\"");
			assertThat(sync.out()).contains("  rc-2 (drift): region ap-south-1 → us-east-1\n");
			String everything = sync.all() + Files.readString(dir.resolve("report.json")) + Tables.dump(repository());
			assertThat(everything).doesNotContain("pw-from-get-Zq81")
				.doesNotContain("tok-from-get-Wm27")
				.doesNotContain(PASSWORD)
				.doesNotContain(TOKEN);
		}

		@Test
		void driftIsPlannedFlaggedAndPutBackByTheNextSyncAlone() throws IOException {
			// given: three connectors synced, then rc-2 changed in the console
			Path inventory = inventory(3, Map.of());
			assertThat(run(inventory).exitCode()).isZero();
			cortex.onRead("rc-1", definition("rc-1", "us-east-1"));
			cortex.onRead("rc-2", definition("rc-2", "ap-south-1"));
			cortex.onRead("rc-3", definition("rc-3", "us-east-1"));
			int updates = cortex.updates().size();

			// when
			Cli.Result plan = run(inventory, "--sync.dry-run=true", "--sync.compare=live",
					"--sync.detailed-exit-code=true");

			// then
			assertThat(plan.exitCode()).as(plan.all()).isEqualTo(SyncCommand.EXIT_CHANGES_PENDING);
			assertThat(cortex.updates()).hasSize(updates);
			assertThat(plan.out()).contains("  drift 1: connectors changed outside registry-sync")
				.contains("Changes:\n  rc-2 (drift): region ap-south-1 → us-east-1\n")
				.doesNotContain("rc-1 (drift)");
			JsonNode rc2 = reportOf("rc-2");
			assertThat(rc2.get("outcome").stringValue()).isEqualTo("PLANNED");
			assertThat(rc2.get("drift").booleanValue()).isTrue();
			assertThat(json(rc2.get("changes")))
				.isEqualTo("[{\"field\":\"region\",\"from\":\"ap-south-1\",\"to\":\"us-east-1\"}]");
			assertThat(reportOf("rc-1").get("drift").booleanValue()).isFalse();
			assertThat(reportOf("rc-1").get("outcome").stringValue()).isEqualTo("UNCHANGED");
			assertThat(outcomeOf("rc-2").get("DRIFT")).isEqualTo(true);

			// when: the next sync
			Cli.Result sync = run(inventory, "--sync.compare=live");

			// then: it puts rc-2 back and sends nothing else
			assertThat(sync.exitCode()).isZero();
			List<LoggedRequest> sent = cortex.updates().subList(updates, cortex.updates().size());
			assertThat(sent).extracting(FakeCortex::connectorId).containsExactly("rc-2");
			assertThat(sent.getFirst().getBodyAsString()).contains("\"region\":\"us-east-1\"");
			assertThat(latestOutcomes()).containsOnly(Map.entry("UNCHANGED", 2L), Map.entry("UPDATED", 1L));
			assertThat(sync.out()).contains("rc-2 (drift): region ap-south-1 → us-east-1");
		}

		@Test
		void structuredLogsCarryTheChangesAndTheDriftCount() throws IOException {
			// given
			Path inventory = inventory(2, Map.of());
			assertThat(run(inventory).exitCode()).isZero();
			cortex.onRead("rc-1", definition("rc-1", "us-east-1"));
			cortex.onRead("rc-2", definition("rc-2", "ap-south-1"));

			// when
			Cli.Result plan;
			try {
				plan = run(inventory, "--sync.dry-run=true", "--sync.compare=live",
						"--logging.structured.format.console=logstash");
			}
			finally {
				System.clearProperty("CONSOLE_LOG_STRUCTURED_FORMAT");
				LoggingSystem.get(getClass().getClassLoader()).cleanUp();
			}

			// then
			assertThat(plan.exitCode()).isZero();
			List<JsonNode> events = plan.out().lines().map(JSON::readTree).toList();
			assertThat(events).filteredOn(event -> event.has("run.status"))
				.singleElement()
				.satisfies(run -> assertThat(run.get("counts.drift").asLong()).isEqualTo(1));
			assertThat(events).filteredOn(event -> event.has("change.fields")).singleElement().satisfies(change -> {
				assertThat(change.get("connector.id").asString()).isEqualTo("rc-2");
				assertThat(change.get("change.fields").asString()).isEqualTo("region ap-south-1 → us-east-1");
				assertThat(change.get("change.drift").asBoolean()).isTrue();
				assertThat(change.get("change.outcome").asString()).isEqualTo("PLANNED");
			});
		}

		@Test
		void aFieldTakenFromAReferenceIsComparedByItsValueAndShownWithoutIt() throws IOException {
			// given: rc-1's certificate comes from a file, and the connector holds it
			String certificate = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ2Fz\n-----END CERTIFICATE-----";
			Path certificateFile = Files.writeString(dir.resolve("ca.pem"), certificate + "\n");
			Path inventory = Files.writeString(dir.resolve("connectors.csv"), HEADER.replace("\n", ",ca_certificate\n")
					+ row("rc-1", "us-east-1").replace("\n", ",${file:" + certificateFile + "}\n"));
			assertThat(run(inventory).exitCode()).isZero();
			cortex.onRead("rc-1", definition("rc-1", "us-east-1", SECRETS_ON_GET.get("masked"), "", certificate));

			// when
			Cli.Result settled = run(inventory, "--sync.dry-run=true", "--sync.compare=live",
					"--sync.detailed-exit-code=true");

			// then: as asked, and no drift
			assertThat(settled.exitCode()).as(settled.all()).isZero();
			assertThat(latestOutcomes()).containsOnly(Map.entry("UNCHANGED", 1L));
			assertThat(reportOf("rc-1").get("drift").booleanValue()).isFalse();

			// when: the certificate is renewed in its file
			String renewed = "-----BEGIN CERTIFICATE-----\nMIIBtDCCAVqgAwIBAgIURW5l\n-----END CERTIFICATE-----";
			Files.writeString(certificateFile, renewed + "\n");
			Cli.Result plan = run(inventory, "--sync.dry-run=true", "--sync.compare=live",
					"--sync.detailed-exit-code=true");

			// then: planned, the field named without either value
			assertThat(plan.exitCode()).as(plan.all()).isEqualTo(SyncCommand.EXIT_CHANGES_PENDING);
			assertThat(plan.out()).contains("  rc-1: ca_certificate (secret)\n");
			assertThat(json(reportOf("rc-1").get("changes")))
				.isEqualTo("[{\"field\":\"ca_certificate\",\"secret\":true}]");
			String everything = plan.all() + Files.readString(dir.resolve("report.json")) + Tables.dump(repository());
			assertThat(everything).doesNotContain("MIIBszCCAVmgAwIBAgIUQ2Fz")
				.doesNotContain("MIIBtDCCAVqgAwIBAgIURW5l");
		}

		@Test
		void theUpdatesOfALiveSyncLogWithTheRunId() throws IOException {
			// given: rc-2 drifted, and its update is answered 503 once
			Path inventory = inventory(2, Map.of());
			assertThat(run(inventory).exitCode()).isZero();
			cortex.onRead("rc-1", definition("rc-1", "us-east-1"));
			cortex.onRead("rc-2", definition("rc-2", "ap-south-1"));
			cortex.onUpdateInTurn("rc-2", aResponse().withStatus(503), accepted());

			// when
			Cli.Result sync;
			try {
				sync = run(inventory, "--sync.compare=live", "--logging.structured.format.console=ecs");
			}
			finally {
				System.clearProperty("CONSOLE_LOG_STRUCTURED_FORMAT");
				LoggingSystem.get(getClass().getClassLoader()).cleanUp();
			}

			// then: the retry's line names the run and the connector
			assertThat(sync.exitCode()).as(sync.all()).isZero();
			String runId = String
				.valueOf(repository().rows("SELECT MAX(job_instance_id) AS id FROM sync_outcome").getFirst().get("ID"));
			JsonNode retry = sync.out()
				.lines()
				.filter(line -> line.startsWith("{"))
				.map(JSON::readTree)
				.filter(line -> line.path("message").asString().contains("retrying"))
				.findFirst()
				.orElseThrow(() -> new AssertionError(sync.out()));
			assertThat(retry.path("run").path("id").asString()).isEqualTo(runId);
			assertThat(retry.path("connector").path("id").asString()).isEqualTo("rc-2");
		}

		@Test
		void aConnectorTheLedgerHasNotSeenIsSentForItsSecretsEvenWhenItsFieldsAreAsAsked() throws IOException {
			// given: a tenant whose connectors are as the inventory says, and a new
			// ledger
			cortex.onRead("rc-1", definition("rc-1", "us-east-1"));

			// when
			Cli.Result first = run(inventory(1, Map.of()), "--sync.compare=live");
			Cli.Result second = run(inventory(1, Map.of()), "--sync.compare=live");

			// then
			assertThat(first.exitCode()).isZero();
			assertThat(first.out()).contains("  rc-1: password (secret); auth_token (secret)\n");
			assertThat(second.exitCode()).isZero();
			assertThat(latestOutcomes()).containsOnly(Map.entry("UNCHANGED", 1L));
			assertThat(cortex.updates()).hasSize(1);
			assertThat(cortex.reads()).hasSize(2);
		}

		@Test
		void aFieldTheRecordLacksIsClearedAndWarnedAbout() throws IOException {
			// given
			assertThat(run(inventory(2, Map.of())).exitCode()).isZero();
			cortex.onRead("rc-1",
					aResponse().withStatus(200)
						.withHeader("Content-Type", "application/json")
						.withBody(definitionText("rc-1", "\"op-7\"")));
			cortex.onRead("rc-2", definition("rc-2", "us-east-1"));

			// when
			Cli.Result plan = run(inventory(2, Map.of()), "--sync.dry-run=true", "--sync.compare=live");

			// then
			assertThat(plan.exitCode()).isZero();
			assertThat(plan.out()).contains("  rc-1 (drift): outpost_id op-7 → (cleared)\n")
				.contains("warning: 1 update clears fields the connector has (a PUT replaces the whole connector): "
						+ "rc-1 (outpost_id)");
		}

		@Test
		void aConnectorCortexDoesNotHaveIsNotFoundAndNotSent() throws IOException {
			// given
			cortex.onRead("rc-1", definition("rc-1", "us-east-1"));
			cortex.onRead("rc-2",
					aResponse().withStatus(404)
						.withHeader("Content-Type", "application/json")
						.withBody("{\"err_msg\": \"Connector not found\", \"metadata\": {\"code\": \"NOT_FOUND\"}}"));

			// when
			Cli.Result sync = run(inventory(2, Map.of()), "--sync.compare=live");

			// then
			assertThat(sync.exitCode()).isEqualTo(SyncCommand.EXIT_NOT_IN_SYNC);
			assertThat(cortex.updates()).extracting(FakeCortex::connectorId).containsExactly("rc-1");
			assertThat(outcomeOf("rc-2")).containsEntry("OUTCOME", "NOT_FOUND").containsEntry("HTTP_STATUS", 404);
			assertThat((String) outcomeOf("rc-2").get("MESSAGE")).startsWith("reading the connector: ")
				.endsWith("nothing was sent");
		}

		@Test
		void getsAndPutsTogetherStayWithinTheRateLimitInEverySecond() throws IOException {
			// given: 30 connectors, every third of them changed in the tenant
			int n = 30;
			assertThat(run(inventory(n, Map.of()), "--sync.rate-limit=50").exitCode()).isZero();
			for (int i = 1; i <= n; i++) {
				cortex.onRead("rc-" + i, definition("rc-" + i, i % 3 == 0 ? "eu-west-1" : "us-east-1"));
			}
			int updates = cortex.updates().size();
			long start = System.nanoTime();

			// when
			Cli.Result sync = run(inventory(n, Map.of()), "--sync.compare=live", "--sync.rate-limit=8");

			// then
			assertThat(sync.exitCode()).isZero();
			assertThat(cortex.updates().size() - updates).isEqualTo(10);
			assertThat(cortex.reads()).hasSize(n);
			assertThat(cortex.arrivalsAfter(start)).as("the key check, 30 GETs and 10 PUTs").isEqualTo(41);
			assertThat(cortex.busiestSecondAfter(start)).isLessThanOrEqualTo(8);
		}

		@Test
		void aDryRunThatReadsTheTenantNeedsItsKey() throws IOException {
			// when
			List<String> args = new ArrayList<>(repository().arguments());
			args.addAll(List.of("--sync.inventory=" + inventory(1, Map.of()), "--sync.dry-run=true",
					"--sync.compare=live"));
			Cli.Result plan = Cli.run(args.toArray(String[]::new));

			// then
			assertThat(plan.exitCode()).isEqualTo(SyncCommand.EXIT_CONFIGURATION);
			assertThat(plan.err()).contains("cortex.base-url, cortex.api-key-id and cortex.api-key are required")
				.contains("sync.compare=live");
		}

		@Test
		void anUnknownCompareModeIsAConfigurationError() throws IOException {
			// when
			Cli.Result plan = run(inventory(1, Map.of()), "--sync.compare=lvie");

			// then
			assertThat(plan.exitCode()).isEqualTo(SyncCommand.EXIT_CONFIGURATION);
			assertThat(plan.err())
				.contains("invalid value 'lvie' for sync.compare: the allowed values are ledger, live");
			assertThat(cortex.requests()).isEmpty();
		}

		@Test
		void aLiveSyncKilledMidwayResumesAndSendsAgainAtMostTheTwoChunksInFlight() throws Exception {
			// given: 200 connectors synced, then every other one changed in the tenant;
			// answers after 40 ms
			int n = 200;
			Path inventory = inventory(n, Map.of());
			assertThat(run(inventory, "--sync.rate-limit=1000", "--sync.max-concurrency=16").exitCode()).isZero();
			long firstRun = repository().count("SELECT MAX(job_instance_id) FROM sync_run");
			for (int i = 1; i <= n; i++) {
				cortex.onRead("rc-" + i,
						definition("rc-" + i, i % 2 == 0 ? "eu-west-1" : "us-east-1").withFixedDelay(40));
			}
			cortex.onEveryUpdate(accepted().withFixedDelay(40));
			String[] options = { "--sync.compare=live", "--sync.chunk-size=10", "--sync.max-concurrency=4",
					"--sync.rate-limit=100" };
			List<String> arguments = args(inventory, options);

			// when: it is killed (SIGKILL) in the middle, then the same command runs
			// again
			KilledRun killed = KilledRun.start(arguments, dir.resolve("killed.log"), cortex, repository(), firstRun,
					30);
			Cli.Result resumed = run(inventory, options);

			// then
			assertThat(resumed.exitCode()).as(resumed.all()).isZero();
			assertThat(resumed.out()).contains("Resuming run");
			assertThat(latestOutcomes()).containsOnly(Map.entry("UPDATED", 100L), Map.entry("UNCHANGED", 100L));
			assertThat(repository().count("SELECT COUNT(*) FROM sync_outcome WHERE job_instance_id = "
					+ "(SELECT MAX(job_instance_id) FROM sync_outcome)"))
				.isEqualTo(n);
			killed.sentEachChangedConnectorWithinTheBound(cortex, 100, 10);
		}

	}

	/** A GET answer with an outpost id that the inventory's records do not have. */
	static String definitionText(String id, String outpostId) {
		return "{\"connector_id\": \"" + id + "\", \"vendor\": \"DOCKER\", \"name\": \"Registry " + id
				+ "\", \"url\": \"https://r.example\", \"username\": \"u\", \"scanning_mode\": \"CLOUD\", "
				+ "\"outpost_id\": " + outpostId + ", \"region\": \"us-east-1\", \"insecure_pull\": false, "
				+ "\"initial_scan_configuration\": {\"mode\": \"ALL\"}}";
	}

}
