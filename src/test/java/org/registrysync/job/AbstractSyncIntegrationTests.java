package org.registrysync.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.github.tomakehurst.wiremock.http.Fault;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.registrysync.client.Sha256;
import org.registrysync.support.ApiSchema;
import org.registrysync.support.ChildJvm;
import org.registrysync.support.Cli;
import org.registrysync.support.FakeCortex;
import org.registrysync.support.Repository;
import org.springframework.boot.logging.LoggingSystem;

import static org.registrysync.support.FakeCortex.accepted;
import static org.registrysync.support.FakeCortex.error;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

/**
 * The whole command sending updates to a Cortex on 127.0.0.1, on a real job repository
 * (H2 or PostgreSQL in the subclasses).
 */
abstract class AbstractSyncIntegrationTests {

	static final String API_KEY = "key-6f1c0a9d3b7e4f21a8c5d0e9b2f7a4c1";

	static final String PASSWORD = "pw-Zq8rT1mX4vN7";

	static final String TOKEN = "tok-Hc3Lp9Wy2Kd6";

	static final String HEADER = "connector_id,vendor,name,url,username,password,auth_token,scanning_mode,region,"
			+ "insecure_pull,initial_scan_configuration.mode\n";

	@TempDir
	Path dir;

	FakeCortex cortex;

	/** The job repository of one test. */
	abstract Repository repository();

	@BeforeEach
	void startCortex() {
		cortex = new FakeCortex();
	}

	@AfterEach
	void stopCortex() {
		cortex.close();
	}

	Path secretFile() throws IOException {
		Path file = dir.resolve("password.txt");
		if (!Files.exists(file)) {
			Files.writeString(file, PASSWORD + "\n");
		}
		return file;
	}

	/**
	 * An inventory of connectors rc-1 … rc-n; passwords from a file, tokens written in
	 * clear.
	 */
	Path inventory(int n) throws IOException {
		StringBuilder text = new StringBuilder(HEADER);
		for (int i = 1; i <= n; i++) {
			text.append(row("rc-" + i));
		}
		return Files.writeString(dir.resolve("connectors.csv"), text);
	}

	String row(String id) throws IOException {
		return id + ",DOCKER,Registry " + id + ",https://r.example,u,${file:" + secretFile() + "}," + TOKEN
				+ ",CLOUD,us-east-1,false,ALL\n";
	}

	List<String> args(Path inventory, String... more) {
		List<String> options = new ArrayList<>(
				List.of("--sync.inventory=" + inventory, "--sync.report=" + dir.resolve("report.json")));
		options.addAll(List.of(more));
		return Cli.arguments(repository(), cortex, API_KEY, options.toArray(String[]::new));
	}

	Cli.Result sync(Path inventory, String... more) {
		return Cli.run(args(inventory, more).toArray(String[]::new));
	}

	Map<String, Long> outcomes() {
		return repository().rows("SELECT outcome, COUNT(*) AS n FROM sync_outcome GROUP BY outcome")
			.stream()
			.collect(Collectors.toMap(r -> (String) r.get("OUTCOME"), r -> ((Number) r.get("N")).longValue()));
	}

	Map<String, Object> outcomeOf(String connectorId) {
		return repository()
			.rows("SELECT * FROM sync_outcome WHERE connector_id = ? ORDER BY job_instance_id DESC", connectorId)
			.getFirst();
	}

	@Test
	void aFullRunSendsEveryConnectorRequestByRequest() throws IOException {
		// given
		Path inventory = Files.writeString(dir.resolve("connectors.csv"),
				HEADER + row("rc-1") + row("rc-2") + row("rc-ü.x~y"));

		// when
		Cli.Result result = sync(inventory);

		// then
		assertThat(result.exitCode()).isZero();
		assertThat(result.out()).contains("UPDATED 3");
		assertThat(cortex.requests().getFirst().getUrl()).isEqualTo(FakeCortex.VALIDATE);
		List<LoggedRequest> updates = cortex.updates();
		assertThat(updates).hasSize(3);
		assertThat(updates).extracting(LoggedRequest::getUrl)
			.containsExactlyInAnyOrder(FakeCortex.INSTANCES + "rc-1", FakeCortex.INSTANCES + "rc-2",
					FakeCortex.INSTANCES + "rc-%C3%BC.x~y");
		for (LoggedRequest update : updates) {
			assertThat(update.getHeader("Authorization")).isEqualTo(API_KEY);
			assertThat(update.getHeader("Authentication")).isEqualTo(API_KEY);
			assertThat(update.getHeader("x-xdr-auth-id")).isEqualTo("42");
			assertThat(update.getHeader("Content-Type")).isEqualTo("application/json");
			assertThat(update.getHeader("Accept")).isEqualTo("application/json");
			assertThat(ApiSchema.validate(update.getBody())).isEmpty();
			String body = update.getBodyAsString();
			assertThat(body).contains("\"password\":\"" + PASSWORD + "\"")
				.contains("\"auth_token\":\"" + TOKEN + "\"")
				.contains("\"connector_id\":\"" + FakeCortex.connectorId(update) + "\"");
		}
		assertThat(outcomeOf("rc-1")).containsEntry("OUTCOME", "UPDATED")
			.containsEntry("HTTP_STATUS", 200)
			.containsEntry("ATTEMPTS", 1);
	}

	@Test
	void advancedKeysSignEveryAttemptAnew() throws IOException {
		// given
		cortex.onUpdateInTurn("rc-1", aResponse().withStatus(503), accepted());

		// when
		Cli.Result result = sync(inventory(2), "--cortex.auth-mode=advanced");

		// then
		assertThat(result.exitCode()).isZero();
		List<LoggedRequest> requests = cortex.requests();
		assertThat(requests).hasSize(4);
		Set<String> nonces = new java.util.HashSet<>();
		for (LoggedRequest request : requests) {
			String nonce = request.getHeader("x-xdr-nonce");
			String timestamp = request.getHeader("x-xdr-timestamp");
			assertThat(nonce).matches("[A-Za-z0-9]{64}");
			assertThat(Long.parseLong(timestamp)).isBetween(Instant.now().minusSeconds(120).toEpochMilli(),
					Instant.now().toEpochMilli());
			String signature = Sha256.hex(API_KEY + nonce + timestamp);
			assertThat(request.getHeader("Authorization")).isEqualTo(signature).matches("[0-9a-f]{64}");
			assertThat(request.getHeader("Authentication")).isEqualTo(signature);
			assertThat(request.getHeader("x-xdr-auth-id")).isEqualTo("42");
			nonces.add(nonce);
		}
		assertThat(nonces).as("a nonce is never reused").hasSize(4);
	}

	@Nested
	class Answers {

		@Test
		void throttlingWithAndWithoutRetryAfterIsRetried() throws IOException {
			cortex.onUpdateInTurn("rc-1", aResponse().withStatus(429).withHeader("Retry-After", "1"), accepted());
			cortex.onUpdateInTurn("rc-2", aResponse().withStatus(429), accepted());

			Cli.Result result = sync(inventory(3));

			assertThat(result.exitCode()).isZero();
			assertThat(outcomeOf("rc-1")).containsEntry("OUTCOME", "UPDATED").containsEntry("ATTEMPTS", 2);
			assertThat(outcomeOf("rc-2")).containsEntry("OUTCOME", "UPDATED").containsEntry("ATTEMPTS", 2);
			List<Instant> rc1 = cortex.updates()
				.stream()
				.filter(r -> FakeCortex.connectorId(r).equals("rc-1"))
				.map(r -> r.getLoggedDate().toInstant())
				.toList();
			assertThat(java.time.Duration.between(rc1.get(0), rc1.get(1))).as("Retry-After: 1 is honoured")
				.isGreaterThanOrEqualTo(java.time.Duration.ofMillis(990));
		}

		@Test
		void serverErrorsTwiceThenSuccess() throws IOException {
			cortex.onUpdateInTurn("rc-1", aResponse().withStatus(500), aResponse().withStatus(502), accepted());

			Cli.Result result = sync(inventory(1));

			assertThat(result.exitCode()).isZero();
			assertThat(outcomeOf("rc-1")).containsEntry("OUTCOME", "UPDATED").containsEntry("ATTEMPTS", 3);
		}

		@Test
		void retriesRunOutIntoFailed() throws IOException {
			cortex.onUpdate("rc-2", error(503, "INTERNAL_ERROR", "Service unavailable"));

			Cli.Result result = sync(inventory(3), "--sync.max-attempts=3");

			assertThat(result.exitCode()).isEqualTo(3);
			assertThat(outcomeOf("rc-2")).containsEntry("OUTCOME", "FAILED")
				.containsEntry("HTTP_STATUS", 503)
				.containsEntry("ATTEMPTS", 3)
				.containsEntry("ERROR_CODE", "INTERNAL_ERROR")
				.containsEntry("MESSAGE", "gave up after 3 attempts: Service unavailable");
			assertThat(cortex.updatesPerConnector()).containsEntry("rc-2", 3L).containsEntry("rc-1", 1L);
			assertThat(result.out()).contains("rc-2 FAILED HTTP 503");
		}

		@Test
		void notFoundIsNeverRetried() throws IOException {
			cortex.onUpdate("rc-1", error(404, "NOT_FOUND", "Connector ID not found"));

			Cli.Result result = sync(inventory(2));

			assertThat(result.exitCode()).isEqualTo(3);
			assertThat(outcomeOf("rc-1")).containsEntry("OUTCOME", "NOT_FOUND")
				.containsEntry("ATTEMPTS", 1)
				.containsEntry("MESSAGE", "Connector ID not found");
			assertThat(cortex.updatesPerConnector()).containsEntry("rc-1", 1L);
		}

		@Test
		void badRequestKeepsCortexMessageAndIsNeverRetried() throws IOException {
			cortex.onUpdate("rc-1", error(400, "BAD_REQUEST", "region is not supported"));
			cortex.onUpdate("rc-2", aResponse().withStatus(422)
				.withBody("{\"reply\": {\"err_code\": 422, \"err_msg\": \"bad\", \"err_extra\": \"more\"}}"));
			cortex.onUpdate("rc-3", aResponse().withStatus(409).withBody("<html>conflict</html>"));

			Cli.Result result = sync(inventory(3));

			assertThat(result.exitCode()).isEqualTo(3);
			assertThat(outcomeOf("rc-1")).containsEntry("OUTCOME", "FAILED")
				.containsEntry("HTTP_STATUS", 400)
				.containsEntry("ERROR_CODE", "BAD_REQUEST")
				.containsEntry("MESSAGE", "region is not supported");
			assertThat(outcomeOf("rc-2")).containsEntry("ERROR_CODE", "422").containsEntry("MESSAGE", "bad (more)");
			assertThat(outcomeOf("rc-3")).containsEntry("MESSAGE", "<html>conflict</html>");
			assertThat(cortex.updates()).hasSize(3);
		}

		@Test
		void aRejectedKeyEndsTheRunWithinTheFirstChunkAndSendsNothingMore() throws IOException {
			cortex.onEveryUpdate(error(401, "FORBIDDEN", "Invalid API key"));

			Cli.Result result = sync(inventory(50), "--cortex.preflight=false", "--sync.chunk-size=10",
					"--sync.max-concurrency=2");

			assertThat(result.exitCode()).isEqualTo(1);
			assertThat(result.err()).contains("HTTP 401").contains("the API key was rejected");
			assertThat(cortex.updates().size()).isLessThanOrEqualTo(10);
			assertThat(repository().count("SELECT COUNT(*) FROM sync_outcome")).isZero();
		}

		@Test
		void theKeyCheckStopsARunBeforeAnyUpdate() throws IOException {
			cortex.onKeyCheck(error(401, "FORBIDDEN", "Invalid API key"));

			Cli.Result result = sync(inventory(5));

			assertThat(result.exitCode()).isEqualTo(1);
			assertThat(result.err().lines().toList()).singleElement()
				.asString()
				.startsWith("registry-sync: Cortex answered HTTP 401: the API key was rejected");
			assertThat(cortex.updates()).isEmpty();
		}

		@Test
		void theKeyCheckCanBeTurnedOff() throws IOException {
			cortex.onKeyCheck(error(404, "NOT_FOUND", "no such path"));

			assertThat(sync(inventory(2)).exitCode()).isEqualTo(1);
			assertThat(sync(inventory(2), "--cortex.preflight=false").exitCode()).isZero();
			assertThat(cortex.updates()).hasSize(2);
		}

		@Test
		void connectionResetsAndReadTimeoutsAreRetried() throws IOException {
			cortex.onUpdateInTurn("rc-1", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), accepted());
			cortex.onUpdateInTurn("rc-2", accepted().withFixedDelay(3_000), accepted());

			Cli.Result result = sync(inventory(2), "--cortex.read-timeout=500ms");

			assertThat(result.exitCode()).isZero();
			assertThat(outcomeOf("rc-1")).containsEntry("OUTCOME", "UPDATED").containsEntry("ATTEMPTS", 2);
			assertThat(outcomeOf("rc-2")).containsEntry("OUTCOME", "UPDATED").containsEntry("ATTEMPTS", 2);
		}

		@Test
		void cortexThatKeepsFailingStopsTheRunResumably() throws IOException {
			cortex.onEveryUpdate(aResponse().withStatus(503));

			Cli.Result failed = sync(inventory(30), "--sync.max-attempts=2", "--sync.failure-threshold=3",
					"--sync.max-concurrency=1", "--sync.chunk-size=10");

			assertThat(failed.exitCode()).isEqualTo(1);
			assertThat(failed.err()).contains("3 connectors in a row ran out of retries");
			assertThat(cortex.updates().size()).as("not all 30 connectors were tried twice").isLessThan(20);

			cortex.onEveryUpdate(accepted());
			Cli.Result resumed = sync(inventory(30), "--sync.max-attempts=2", "--sync.failure-threshold=3",
					"--sync.max-concurrency=1", "--sync.chunk-size=10");

			assertThat(resumed.exitCode()).isZero();
			assertThat(resumed.out()).contains("Resuming run").contains("UPDATED 30");
		}

	}

	@Test
	void theRateLimitHoldsInEveryOneSecondWindowRetriesIncluded() throws IOException {
		// given
		for (int i = 1; i <= 60; i += 7) {
			cortex.onUpdateInTurn("rc-" + i, aResponse().withStatus(503), accepted());
		}
		cortex.onEveryUpdate(accepted().withFixedDelay(30));

		// when
		Cli.Result result = sync(inventory(60), "--sync.rate-limit=20", "--sync.max-concurrency=8",
				"--sync.chunk-size=25");

		// then
		assertThat(result.exitCode()).isZero();
		assertThat(cortex.requests()).hasSize(1 + 60 + 9);
		assertThat(cortex.busiestSecond()).isLessThanOrEqualTo(20).isGreaterThanOrEqualTo(15);
	}

	@Nested
	class Retention {

		/** The README's retention statement, as written there. */
		String retention() throws IOException {
			String readme = Files.readString(Path.of("README.md"));
			int start = readme.indexOf("-- retention: ");
			assertThat(start).as("the retention statement in the README").isPositive();
			String block = readme.substring(readme.indexOf('\n', start) + 1);
			return block.substring(0, block.indexOf(';'));
		}

		@Test
		void theReadmesRetentionStatementDeletesTheOutcomesOfOldCompletedRunsAlone() throws IOException {
			// given: three runs, the first completed 100 days ago
			Path inventory = inventory(5);
			assertThat(sync(inventory).exitCode()).isZero();
			assertThat(sync(inventory, "--sync.full=true").exitCode()).isZero();
			assertThat(sync(inventory).exitCode()).isZero();
			long first = repository().count("SELECT MIN(job_instance_id) FROM sync_run");
			repository().jdbc()
				.update("UPDATE batch_job_execution SET end_time = CURRENT_TIMESTAMP - INTERVAL '100' DAY "
						+ "WHERE job_instance_id = ?", first);

			// when
			int deleted = repository().jdbc().update(retention());

			// then: the old run's outcomes are gone, the others, the ledger and the runs
			// stay
			assertThat(deleted).isEqualTo(5);
			assertThat(repository().count("SELECT COUNT(*) FROM sync_outcome WHERE job_instance_id = ?", first))
				.isZero();
			assertThat(repository().count("SELECT COUNT(*) FROM sync_outcome")).isEqualTo(10);
			assertThat(repository().count("SELECT COUNT(*) FROM sync_ledger")).isEqualTo(5);
			assertThat(repository().count("SELECT COUNT(*) FROM sync_run")).isEqualTo(3);
			Cli.Result next = sync(inventory);
			assertThat(next.exitCode()).as(next.all()).isZero();
			assertThat(next.out()).contains("UNCHANGED 5");
		}

	}

	@Nested
	class Incremental {

		@Test
		void anUnchangedInventorySendsNothingTheNextNight() throws IOException {
			Path inventory = inventory(5);
			assertThat(sync(inventory).exitCode()).isZero();

			Cli.Result second = sync(inventory);

			assertThat(second.exitCode()).isZero();
			assertThat(second.out()).contains("UNCHANGED 5").contains("UPDATED 0");
			assertThat(cortex.updates()).hasSize(5);
			assertThat(repository().count("SELECT COUNT(*) FROM sync_ledger")).isEqualTo(5);
			assertThat(repository().rows("SELECT fingerprint FROM sync_ledger"))
				.allSatisfy(row -> assertThat((String) row.get("FINGERPRINT")).matches("[0-9a-f]{64}"));
		}

		@Test
		void aLedgerRowWithoutTheBodyLastSentStillPlansByItsFingerprint() throws IOException {
			// given: a ledger as the version before the body was kept left it
			Path inventory = inventory(3);
			assertThat(sync(inventory).exitCode()).isZero();
			repository().jdbc().update("UPDATE sync_ledger SET last_sent = NULL, secrets_fingerprint = NULL");

			// when
			Cli.Result second = sync(inventory);

			// then
			assertThat(second.exitCode()).isZero();
			assertThat(second.out()).contains("UNCHANGED 3").contains("UPDATED 0");
			assertThat(cortex.updates()).hasSize(3);
			assertThat(repository().count("SELECT COUNT(*) FROM sync_ledger WHERE last_sent IS NULL")).isEqualTo(3);
		}

		@Test
		void theLedgerKeepsTheBodyLastSentWithoutItsSecretsAndTheSecretsFingerprintApart() throws IOException {
			// given: rc-1's username is a reference to the password's file too
			String reference = "${file:" + secretFile() + "}";
			Path inventory = Files.writeString(dir.resolve("connectors.csv"),
					HEADER + row("rc-1").replace(",u,", "," + reference + ","));
			assertThat(sync(inventory).exitCode()).isZero();
			Map<String, Object> first = ledgerRow("rc-1");

			// when: the secret behind the password's reference changes, not the record
			Files.writeString(secretFile(), "rotated-password\n");
			Cli.Result rotated = sync(inventory);

			// then: the body as sent, without password and auth_token, the reference as
			// written
			assertThat(rotated.out()).contains("UPDATED 1");
			JsonNode lastSent = JsonMapper.builder().build().readTree((String) first.get("LAST_SENT"));
			assertThat(lastSent.path("connector_id").asString()).isEqualTo("rc-1");
			assertThat(lastSent.path("name").asString()).isEqualTo("Registry rc-1");
			assertThat(lastSent.path("username").asString()).isEqualTo(reference);
			assertThat(lastSent.has("password")).isFalse();
			assertThat(lastSent.has("auth_token")).isFalse();
			assertThat((String) first.get("LAST_SENT")).doesNotContain(PASSWORD, TOKEN);
			assertThat((String) first.get("SECRETS_FINGERPRINT")).matches("[0-9a-f]{64}");
			Map<String, Object> second = ledgerRow("rc-1");
			assertThat(second.get("LAST_SENT")).isEqualTo(first.get("LAST_SENT"));
			assertThat(second.get("SECRETS_FINGERPRINT")).isNotEqualTo(first.get("SECRETS_FINGERPRINT"));
			assertThat(second.get("FINGERPRINT")).isNotEqualTo(first.get("FINGERPRINT"));
		}

		private Map<String, Object> ledgerRow(String connectorId) {
			return repository()
				.rows("SELECT fingerprint, last_sent, secrets_fingerprint FROM sync_ledger WHERE connector_id = ?",
						connectorId)
				.getFirst();
		}

		@Test
		void aChangedRecordOrSecretIsSentAndFullSendsEverything() throws IOException {
			Path inventory = inventory(4);
			assertThat(sync(inventory).exitCode()).isZero();

			Files.writeString(inventory, Files.readString(inventory).replace("Registry rc-2", "Registry two"));
			Cli.Result changed = sync(inventory);
			Files.writeString(secretFile(), "rotated-password\n");
			Cli.Result rotated = sync(inventory);
			Cli.Result full = sync(inventory, "--sync.full=true");

			assertThat(changed.out()).contains("UPDATED 1").contains("UNCHANGED 3");
			assertThat(rotated.out()).as("a secret behind a reference changed").contains("UPDATED 4");
			assertThat(full.out()).contains("UPDATED 4").contains("UNCHANGED 0");
			assertThat(cortex.updatesPerConnector()).containsEntry("rc-2", 4L).containsEntry("rc-1", 3L);
		}

		@Test
		void aDryRunPlansAgainstTheSameLedger() throws IOException {
			Path inventory = inventory(3);
			assertThat(sync(inventory).exitCode()).isZero();
			Files.writeString(inventory, Files.readString(inventory).replace("Registry rc-3", "Registry three"));

			Cli.Result dry = sync(inventory, "--sync.dry-run=true");

			assertThat(dry.exitCode()).isZero();
			assertThat(dry.out()).contains("UNCHANGED 2").contains("PLANNED 1");
			assertThat(cortex.updates()).hasSize(3);
		}

		@Test
		void notFoundForgetsTheConnectorSoTheNextRunSendsItAgain() throws IOException {
			Path inventory = inventory(2);
			assertThat(sync(inventory).exitCode()).isZero();
			cortex.onUpdate("rc-1", error(404, "NOT_FOUND", "Connector ID not found"));

			assertThat(sync(inventory, "--sync.full=true").exitCode()).isEqualTo(3);
			Cli.Result after = sync(inventory);

			assertThat(after.out()).contains("NOT_FOUND 1").contains("UNCHANGED 1");
		}

	}

	@Test
	void metricsArePushedOverOtlpAtTheEndOfTheRunWhenAskedFor() throws IOException {
		// given: the simulated Cortex also receives metrics
		cortex.onMetrics(aResponse().withStatus(200));
		cortex.onUpdateInTurn("rc-2", aResponse().withStatus(503), accepted());

		// when
		Cli.Result result = sync(inventory(3), "--management.otlp.metrics.export.enabled=true",
				"--management.otlp.metrics.export.url=" + cortex.baseUrl() + "/v1/metrics",
				"--management.otlp.metrics.export.step=1h");

		// then
		assertThat(result.exitCode()).isZero();
		List<LoggedRequest> pushed = cortex.requests().stream().filter(r -> r.getUrl().equals("/v1/metrics")).toList();
		assertThat(pushed).isNotEmpty();
		String metrics = new String(pushed.getLast().getBody(), StandardCharsets.ISO_8859_1);
		assertThat(pushed.getLast().getHeader("Content-Type")).contains("application/x-protobuf");
		assertThat(metrics).contains("registry_sync.requests", "registry_sync.retries", "registry_sync.outcomes",
				"registry_sync.run.duration", "UPDATED", "503");
	}

	@Test
	void structuredLogsCarryTheRunIdAndTheConnectorId() throws IOException {
		// given
		cortex.onUpdateInTurn("rc-2", aResponse().withStatus(503), accepted());

		// when
		Cli.Result result;
		try {
			result = sync(inventory(3), "--logging.structured.format.console=ecs");
		}
		finally {
			// The logging system, and the system property Boot sets for the format,
			// outlive the run in this JVM: let the next run configure logging afresh.
			System.clearProperty("CONSOLE_LOG_STRUCTURED_FORMAT");
			LoggingSystem.get(getClass().getClassLoader()).cleanUp();
		}

		// then
		assertThat(result.exitCode()).isZero();
		JsonMapper json = JsonMapper.builder().build();
		List<JsonNode> lines = result.out().lines().filter(line -> line.startsWith("{")).map(json::readTree).toList();
		assertThat(lines).isNotEmpty();
		JsonNode retry = lines.stream()
			.filter(line -> line.path("message").asString().contains("retrying"))
			.findFirst()
			.orElseThrow();
		assertThat(retry.path("connector").path("id").asString()).isEqualTo("rc-2");
		assertThat(retry.path("run").path("id").asString()).isEqualTo(
				repository().rows("SELECT job_instance_id FROM sync_run").getFirst().get("JOB_INSTANCE_ID").toString());
		assertThat(retry.path("log").path("level").asString()).isEqualTo("INFO");
	}

	/**
	 * With structured logging every line on standard output is JSON, the summary
	 * included: one event for the run, one per record not in sync.
	 */
	@Nested
	class StructuredLogs {

		@ParameterizedTest
		@ValueSource(strings = { "ecs", "logstash" })
		void everyLineIsJsonAndTheSummaryIsAnEventWithItsFields(String format) throws IOException {
			// given: rc-1 accepted, rc-2 not found, rc-3 rejected, rc-4 invalid
			cortex.onUpdate("rc-2", error(404, "NOT_FOUND", "no such connector"));
			cortex.onUpdate("rc-3", error(400, "BAD_REQUEST", "region is not allowed"));
			Path inventory = Files.writeString(dir.resolve("connectors.csv"),
					HEADER + row("rc-1") + row("rc-2") + row("rc-3") + row("rc-4").replace(",DOCKER,", ",QUAY,"));

			// when
			Cli.Result result = structured(format, inventory);

			// then
			assertThat(result.exitCode()).isEqualTo(3);
			List<JsonNode> events = events(result);
			String runId = repository().rows("SELECT job_instance_id FROM sync_run")
				.getFirst()
				.get("JOB_INSTANCE_ID")
				.toString();
			JsonNode summary = onlySummary(format, events);
			assertThat(field(format, summary, "run.id").asString()).isEqualTo(runId);
			assertThat(field(format, summary, "run.status").asString()).isEqualTo("COMPLETED");
			assertThat(field(format, summary, "run.exit_code").asInt()).isEqualTo(3);
			assertThat(field(format, summary, "run.dry_run").isBoolean()).isTrue();
			assertThat(field(format, summary, "run.dry_run").asBoolean()).isFalse();
			assertThat(field(format, summary, "run.inventory").asString()).isEqualTo(inventory.toString());
			assertThat(field(format, summary, "counts.read").asLong()).isEqualTo(4);
			Map<String, Long> outcomes = outcomes();
			assertThat(outcomes).containsOnlyKeys("UPDATED", "NOT_FOUND", "FAILED", "INVALID");
			for (String outcome : List.of("UPDATED", "UNCHANGED", "PLANNED", "INVALID", "NOT_FOUND", "FAILED")) {
				assertThat(field(format, summary, "counts." + outcome).asLong()).as(outcome)
					.isEqualTo(outcomes.getOrDefault(outcome, 0L));
			}
			List<JsonNode> records = recordEvents(format, events);
			assertThat(records).hasSize(3);
			assertThat(records).allSatisfy(record -> {
				assertThat(field(format, record, "run.id").asString()).isEqualTo(runId);
				assertThat(field(format, record, "log.level").asString()).isEqualTo("WARN");
			});
			assertThat(records).extracting(record -> field(format, record, "record.source").asString())
				.containsExactly("connectors.csv:3", "connectors.csv:4", "connectors.csv:5");
			assertThat(records).extracting(record -> field(format, record, "connector.id").asString())
				.containsExactly("rc-2", "rc-3", "rc-4");
			assertThat(records).extracting(record -> field(format, record, "record.outcome").asString())
				.containsExactly("NOT_FOUND", "FAILED", "INVALID");
			assertThat(field(format, records.get(0), "record.http_status").asInt()).isEqualTo(404);
			assertThat(field(format, records.get(1), "record.http_status").asInt()).isEqualTo(400);
			assertThat(field(format, records.get(1), "record.error_code").asString()).isEqualTo("BAD_REQUEST");
			assertThat(field(format, records.get(1), "record.message").asString()).contains("region is not allowed");
			assertThat(field(format, records.get(2), "record.http_status").isMissingNode()).isTrue();
			assertThat(field(format, records.get(2), "record.message").asString())
				.contains("vendor: 'QUAY' is not one of");
			assertThat(result.out()).doesNotContain("Records not in sync:");
		}

		@Test
		void logsTheFirstHundredRecordsNotInSyncAndCountsTheRest() throws IOException {
			// given: 103 invalid records and one valid one
			StringBuilder text = new StringBuilder(HEADER);
			for (int i = 1; i <= 103; i++) {
				text.append(row("rc-" + i).replace(",DOCKER,", ",QUAY,"));
			}
			text.append(row("rc-ok"));
			Path inventory = Files.writeString(dir.resolve("connectors.csv"), text);

			// when
			Cli.Result result = structured("ecs", inventory, "--sync.dry-run=true");

			// then
			assertThat(result.exitCode()).isEqualTo(3);
			List<JsonNode> events = events(result);
			JsonNode summary = onlySummary("ecs", events);
			assertThat(field("ecs", summary, "counts.INVALID").asLong()).isEqualTo(103);
			assertThat(field("ecs", summary, "counts.PLANNED").asLong()).isEqualTo(1);
			assertThat(field("ecs", summary, "run.dry_run").asBoolean()).isTrue();
			List<JsonNode> records = recordEvents("ecs", events);
			assertThat(records).extracting(record -> field("ecs", record, "connector.id").asString())
				.containsExactlyElementsOf(IntStream.rangeClosed(1, 100).mapToObj(i -> "rc-" + i).toList());
			List<JsonNode> rest = events.stream()
				.filter(event -> !field("ecs", event, "records.not_logged").isMissingNode())
				.toList();
			assertThat(rest).hasSize(1);
			assertThat(field("ecs", rest.getFirst(), "records.not_logged").asLong()).isEqualTo(3);
			assertThat(rest.getFirst().path("message").asString()).contains("3 more records not in sync");
			assertThat(events.indexOf(rest.getFirst())).isGreaterThan(events.indexOf(records.getLast()));
		}

		/** Runs the command with structured logging in this format. */
		private Cli.Result structured(String format, Path inventory, String... more) {
			List<String> args = args(inventory, more);
			args.add("--logging.structured.format.console=" + format);
			try {
				return Cli.run(args.toArray(String[]::new));
			}
			finally {
				// The logging system, and the system property Boot sets for the format,
				// outlive the run in this JVM: let the next run configure logging afresh.
				System.clearProperty("CONSOLE_LOG_STRUCTURED_FORMAT");
				LoggingSystem.get(getClass().getClassLoader()).cleanUp();
			}
		}

		/** Every line of standard output, each of which must be a JSON object. */
		private static List<JsonNode> events(Cli.Result result) {
			JsonMapper json = JsonMapper.builder().build();
			List<JsonNode> events = new ArrayList<>();
			result.out().lines().forEach(line -> {
				assertThat(line).as("a line on standard output").startsWith("{").endsWith("}");
				JsonNode event = json.readTree(line);
				assertThat(event.isObject()).as(line).isTrue();
				events.add(event);
			});
			assertThat(events).isNotEmpty();
			return events;
		}

		private static JsonNode onlySummary(String format, List<JsonNode> events) {
			List<JsonNode> summaries = events.stream()
				.filter(event -> !field(format, event, "run.status").isMissingNode())
				.toList();
			assertThat(summaries).hasSize(1);
			JsonNode summary = summaries.getFirst();
			assertThat(field(format, summary, "log.logger").asString()).isEqualTo("org.registrysync.summary");
			assertThat(field(format, summary, "log.level").asString()).isEqualTo("INFO");
			return summary;
		}

		private static List<JsonNode> recordEvents(String format, List<JsonNode> events) {
			return events.stream().filter(event -> !field(format, event, "record.outcome").isMissingNode()).toList();
		}

		/**
		 * A field of an event by its dotted name: ECS nests it at the dots, logstash
		 * keeps the name flat (its level and logger have names of their own).
		 */
		private static JsonNode field(String format, JsonNode event, String name) {
			if (format.equals("ecs")) {
				JsonNode node = event;
				for (String part : name.split("\\.")) {
					node = node.path(part);
				}
				return node;
			}
			return switch (name) {
				case "log.level" -> event.path("level");
				case "log.logger" -> event.path("logger_name");
				default -> event.path(name);
			};
		}

	}

	@Test
	void onlyTouchesTheListedConnectors() throws IOException {
		Path inventory = inventory(6);
		Files.writeString(inventory,
				Files.readString(inventory) + ",DOCKER,no id,https://r.example,u,p,t,CLOUD,r,false,ALL\n");

		Cli.Result result = sync(inventory, "--sync.only=rc-2,rc-5");

		assertThat(result.exitCode()).isZero();
		assertThat(cortex.updatesPerConnector()).containsOnlyKeys("rc-2", "rc-5");
		assertThat(outcomes()).containsExactly(Map.entry("UPDATED", 2L));

		Cli.Result typo = sync(inventory, "--sync.full=true", "--sync.only=rc-2,rc-05");

		assertThat(typo.exitCode()).isEqualTo(2);
		assertThat(typo.err()).contains("sync.only names connector ids that are not in connectors.csv: rc-05");
		assertThat(cortex.updates()).hasSize(2);
	}

	@Test
	void secretsAppearInNoLogReportOrTable() throws IOException {
		// given: a run that succeeds, one whose Cortex echoes the secrets back, one that
		// fails and one that crashes
		List<Cli.Result> results = new ArrayList<>();
		results.add(sync(inventory(5), "--sync.ledger-key=ledger-key-Qm7Vb2Xn9Rt4"));
		cortex.onUpdate("rc-2", error(400, "BAD_REQUEST", "bad password " + PASSWORD + " and token " + TOKEN));
		results.add(sync(inventory(5), "--sync.full=true"));
		cortex.onEveryUpdate(error(403, "FORBIDDEN", "denied for " + API_KEY));
		results.add(sync(inventory(5), "--sync.full=true", "--cortex.preflight=false"));
		results.add(Cli.run(builder -> AbstractRestartIntegrationTests.failOnChunk(builder, 1),
				args(inventory(5), "--sync.full=true", "--cortex.preflight=false").toArray(String[]::new)));

		// then
		List<String> secrets = List.of(API_KEY, PASSWORD, TOKEN, "ledger-key-Qm7Vb2Xn9Rt4", Sha256.hex(PASSWORD),
				Sha256.hex(TOKEN));
		for (Cli.Result result : results) {
			assertThat(secrets).noneMatch(secret -> result.all().contains(secret));
		}
		assertThat(results).extracting(Cli.Result::exitCode).containsExactly(0, 3, 1, 1);
		String report = Files.readString(dir.resolve("report.json"), StandardCharsets.UTF_8);
		assertThat(secrets).noneMatch(report::contains);
		assertThat(outcomeOf("rc-2").get("MESSAGE")).isEqualTo("bad password (secret) and token (secret)");
		assertThat(repository().count("SELECT COUNT(*) FROM sync_ledger WHERE last_sent IS NOT NULL")).isEqualTo(5);
		String everything = Tables.dump(repository());
		assertThat(everything).as("the dump holds the bodies last sent")
			.contains("rc-2")
			.contains("\"name\":\"Registry rc-2\"");
		assertThat(secrets).noneMatch(everything::contains);
	}

	@Test
	void aRunKilledMidwayResumesAndSendsAgainAtMostTheTwoChunksInFlight() throws Exception {
		// given: a run in a JVM of its own, slowed by Cortex answering after 40 ms
		cortex.onEveryUpdate(accepted().withFixedDelay(40));
		Path inventory = inventory(200);
		Process process = ChildJvm.start(
				args(inventory, "--sync.chunk-size=10", "--sync.max-concurrency=4", "--sync.rate-limit=100"),
				dir.resolve("killed.log"));

		// when: it is killed (SIGKILL) in the middle, then the same command runs again
		long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
		while (cortex.updates().size() < 60 && process.isAlive() && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		assertThat(process.isAlive()).as("still running when killed").isTrue();
		process.destroyForcibly().waitFor();
		int sentBeforeKill = cortex.updates().size();
		List<String> committed = repository().rows("SELECT connector_id FROM sync_outcome")
			.stream()
			.map(row -> (String) row.get("CONNECTOR_ID"))
			.toList();
		Cli.Result resumed = sync(inventory, "--sync.chunk-size=10", "--sync.max-concurrency=4",
				"--sync.rate-limit=100");

		// then
		assertThat(resumed.exitCode()).isZero();
		assertThat(resumed.out()).contains("recovering it").contains("Resuming run");
		assertThat(outcomes()).containsExactly(Map.entry("UPDATED", 200L));
		assertThat(repository().count("SELECT COUNT(DISTINCT record_number) FROM sync_outcome")).isEqualTo(200);
		Map<String, Long> perConnector = cortex.updatesPerConnector();
		assertThat(perConnector).hasSize(200);
		assertThat(committed).as("outcomes committed before the kill").isNotEmpty();
		assertThat(committed).as("connectors whose outcome was committed are not sent again")
			.allSatisfy(id -> assertThat(perConnector.get(id)).as(id).isOne());
		long sentTwice = perConnector.values().stream().filter(n -> n > 1).count();
		assertThat(sentTwice).as("only the chunk in flight and the chunk started ahead of it are sent again")
			.isLessThanOrEqualTo(2 * 10);
		assertThat(sentBeforeKill).isGreaterThanOrEqualTo(60);
		assertThat(repository().rows("SELECT status FROM batch_job_execution ORDER BY job_execution_id"))
			.extracting(row -> row.get("STATUS"))
			.containsExactly("FAILED", "COMPLETED");
	}

	@Test
	void sigtermStopsTheRunGracefullyAndTheSameCommandResumesIt() throws Exception {
		// given: a run in a JVM of its own, slowed by Cortex answering after 100 ms
		cortex.onEveryUpdate(accepted().withFixedDelay(100));
		Path inventory = inventory(200);
		String[] options = { "--sync.chunk-size=10", "--sync.max-concurrency=4", "--sync.rate-limit=50" };
		Path log = dir.resolve("stopped.log");
		Process process = ChildJvm.start(args(inventory, options), log);
		long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
		while (cortex.updates().size() < 40 && process.isAlive() && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		assertThat(process.isAlive()).as("still running when signalled").isTrue();

		// when: SIGTERM, as Kubernetes sends it
		long signalled = System.nanoTime();
		process.destroy();
		boolean exited = process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);

		// then: it stops within the grace period, STOPPED, exit code 1
		assertThat(exited).as("exited within the grace period").isTrue();
		assertThat(java.time.Duration.ofNanos(System.nanoTime() - signalled))
			.isLessThan(java.time.Duration.ofSeconds(10));
		assertThat(process.exitValue()).isEqualTo(1);
		String output = Files.readString(log);
		assertThat(output).contains("SIGTERM received")
			.contains("STOPPED")
			.contains("re-run the same command to resume it");
		assertThat(repository().rows("SELECT status FROM batch_job_execution")).extracting(row -> row.get("STATUS"))
			.containsExactly("STOPPED");
		int sentBeforeStop = cortex.updates().size();
		assertThat(sentBeforeStop).isLessThan(200);

		// when: the same command again
		Cli.Result resumed = sync(inventory, options);

		// then
		assertThat(resumed.exitCode()).isZero();
		assertThat(resumed.out()).contains("Resuming run");
		assertThat(outcomes()).containsExactly(Map.entry("UPDATED", 200L));
		assertThat(cortex.updatesPerConnector()).hasSize(200);
	}

	@Test
	void twoProcessesOnTheSameTenantAndRepository_OneSyncsTheOtherRefusesAndSendsNothing() throws Exception {
		// given
		cortex.onEveryUpdate(accepted().withFixedDelay(50));
		Path inventory = inventory(100);
		List<String> arguments = args(inventory, "--sync.rate-limit=50", "--sync.max-concurrency=4");

		// when: both start together
		Process first = ChildJvm.start(arguments, dir.resolve("first.log"));
		Process second = ChildJvm.start(arguments, dir.resolve("second.log"));
		assertThat(first.waitFor(90, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
		assertThat(second.waitFor(90, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

		// then
		List<Integer> codes = List.of(first.exitValue(), second.exitValue());
		assertThat(codes).containsExactlyInAnyOrder(0, 1);
		Path loser = dir.resolve(first.exitValue() == 1 ? "first.log" : "second.log");
		assertThat(Files.readString(loser))
			.containsPattern("another registry-sync process|in use by another registry-sync")
			.doesNotContain("\tat ");
		assertThat(cortex.requests().stream().filter(r -> r.getUrl().equals(FakeCortex.VALIDATE))).hasSize(1);
		assertThat(cortex.updatesPerConnector()).hasSize(100).allSatisfy((id, count) -> assertThat(count).isOne());
		assertThat(outcomes()).containsExactly(Map.entry("UPDATED", 100L));
	}

	@Test
	void everyRecordOfALargerRunIsAccountedFor() throws IOException {
		Cli.Result result = sync(inventory(250), "--sync.rate-limit=1000", "--sync.max-concurrency=16");

		assertThat(result.exitCode()).isZero();
		assertThat(outcomes()).containsExactly(Map.entry("UPDATED", 250L));
		assertThat(cortex.updatesPerConnector()).hasSize(250).allSatisfy((id, count) -> assertThat(count).isOne());
		assertThat(repository().rows("SELECT record_number FROM sync_outcome ORDER BY record_number"))
			.extracting(r -> ((Number) r.get("RECORD_NUMBER")).intValue())
			.containsExactlyElementsOf(IntStream.rangeClosed(1, 250).boxed().toList());
	}

}
