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

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.registrysync.support.Cli;
import org.registrysync.support.FakeCortex;
import org.registrysync.support.Reports;
import org.registrysync.support.Repository;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Merge mode ({@code sync.merge}, SPEC §6): records naming only the fields to change,
 * laid over each connector's live definition; the whole command against a Cortex on
 * 127.0.0.1 that answers every read, on a real job repository (H2 or PostgreSQL in the
 * subclasses).
 */
abstract class AbstractMergeIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static final String API_KEY = "key-7d2a9c4e1b6f3a8d5c0e2b9f4a7d1c6e";

	static final String PASSWORD = "pw-Hq3mZ8vT1xLp";

	static final String TOKEN = "tok-Rw6Ny2Kd9Fs4";

	@TempDir
	Path dir;

	@RegisterExtension
	final FakeCortex cortex = new FakeCortex();

	/** The job repository of one test. */
	abstract Repository repository();

	/** The references to the secrets, in files, as two CSV cells. */
	String secrets() throws IOException {
		return reference("password") + "," + reference("auth_token");
	}

	/** The reference to one secret, in a file. */
	String reference(String field) throws IOException {
		Path file = dir.resolve(field + ".txt");
		if (!Files.exists(file)) {
			Files.writeString(file, (field.equals("password") ? PASSWORD : TOKEN) + "\n");
		}
		return "${file:" + file + "}";
	}

	/** The secrets as JSON members. */
	String jsonSecrets() throws IOException {
		return "\"password\": \"" + reference("password") + "\", \"auth_token\": \"" + reference("auth_token") + "\"";
	}

	/**
	 * A connector as made in the console: fields the inventories of these tests never
	 * name, a certificate, vendor-specific keys, a filter tree.
	 */
	static ObjectNode live(String id, String region) {
		return (ObjectNode) JSON
			.readTree("{\"connector_id\": \"" + id + "\", \"vendor\": \"GITLAB_CONTAINER_REGISTRY\", \"name\": "
					+ "\"GitLab " + id + " (console)\", \"enabled\": true, \"url\": \"https://gitlab.example\", "
					+ "\"username\": \"svc\", \"password\": \"********\", \"auth_token\": \"********\", "
					+ "\"scanning_mode\": \"CLOUD\", \"outpost_id\": \"\", \"region\": \"" + region + "\", "
					+ "\"insecure_pull\": false, \"ca_certificate\": \"-----BEGIN CERTIFICATE-----\\nMIIBszCCAVmg\\n"
					+ "-----END CERTIFICATE-----\", \"repository\": \"\", "
					+ "\"initial_scan_configuration\": {\"mode\": \"TAGS_MODIFIED_DAYS\", \"numDays\": 14}, "
					+ "\"allow_static_ips\": false, \"ip_identifier\": \"\", "
					+ "\"asset_scope_filters\": {\"AND\": [{\"SEARCH_FIELD\": \"name\", \"SEARCH_TYPE\": \"CONTAINS\", "
					+ "\"SEARCH_VALUE\": \"prod\"}]}, \"tenant_id\": \"\", \"broker_type\": \"\", \"broker_id\": \"\", "
					+ "\"filter_type\": \"INCLUDE\", \"vendor_specific_configuration\": {\"group_ids\": \"7,9\", "
					+ "\"project_ids\": \"12\"}}");
	}

	static ResponseDefinitionBuilder answer(JsonNode definition) {
		return aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody(JSON.writeValueAsString(definition));
	}

	/** rc-1 … rc-n as {@link #live} in us-east-1, each read answered so. */
	void tenantOf(int n) {
		for (int i = 1; i <= n; i++) {
			cortex.onRead("rc-" + i, answer(live("rc-" + i, "us-east-1")));
		}
	}

	/**
	 * The ledger knowing the secrets of rc-1 … rc-n, as after an earlier sync of them: a
	 * merge of the secrets alone, which sends every connector once.
	 */
	void syncedOnce(int n, String... more) throws IOException {
		StringBuilder ids = new StringBuilder("connector_id,password,auth_token\n");
		for (int i = 1; i <= n; i++) {
			ids.append("rc-").append(i).append(',').append(secrets()).append('\n');
		}
		Cli.Result first = run(Files.writeString(dir.resolve("first.csv"), ids), more);
		assertThat(first.exitCode()).as(first.all()).isZero();
		assertThat(cortex.updates()).hasSize(n);
	}

	List<String> args(Path inventory, String... more) {
		List<String> options = new ArrayList<>(List.of("--sync.inventory=" + inventory, "--sync.merge=true",
				"--sync.report=" + dir.resolve("report.json")));
		options.addAll(List.of(more));
		return Cli.arguments(repository(), cortex, API_KEY, options.toArray(String[]::new));
	}

	Cli.Result run(Path inventory, String... more) {
		return Cli.run(args(inventory, more).toArray(String[]::new));
	}

	/** The bodies sent since update {@code from}, by connector. */
	Map<String, JsonNode> sentSince(int from) {
		return cortex.updates()
			.subList(from, cortex.updates().size())
			.stream()
			.collect(Collectors.toMap(FakeCortex::connectorId, (LoggedRequest r) -> JSON.readTree(r.getBodyAsString()),
					(a, b) -> b));
	}

	/**
	 * What a connector's update must be: its live definition with the secrets and these
	 * changes, the empty strings of unset fields left out.
	 */
	static ObjectNode expected(ObjectNode live, Map<String, Object> changes) {
		ObjectNode body = live.deepCopy();
		body.remove("connector_id");
		List<String> unset = new ArrayList<>();
		body.properties().forEach(e -> {
			if (e.getValue().isString() && e.getValue().stringValue().isEmpty()) {
				unset.add(e.getKey());
			}
		});
		body.remove(unset);
		body.put("password", PASSWORD);
		body.put("auth_token", TOKEN);
		changes.forEach((path, value) -> {
			String[] parts = path.split("\\.");
			ObjectNode parent = parts.length == 1 ? body : (ObjectNode) body.get(parts[0]);
			String key = parts[parts.length - 1];
			if (value == null) {
				parent.remove(key);
			}
			else {
				parent.set(key, JSON.valueToTree(value));
			}
		});
		return body;
	}

	/** The body as sent, without the id some layouts repeat in it. */
	static ObjectNode withoutId(JsonNode sent) {
		ObjectNode body = ((ObjectNode) sent).deepCopy();
		body.remove("connector_id");
		return body;
	}

	JsonNode reportOf(String connectorId) throws IOException {
		return Reports.record(dir.resolve("report.json"), connectorId);
	}

	Map<String, Long> latestOutcomes() {
		return repository().latestOutcomes();
	}

	@Test
	void onlyTheConnectorsThatDifferAreSentEachAsItsLiveDefinitionWithTheChange() throws IOException {
		// given: three console-made connectors the ledger has sent their secrets to;
		// rc-2 is already in eu-west-1
		tenantOf(3);
		cortex.onRead("rc-2", answer(live("rc-2", "eu-west-1")));
		syncedOnce(3);
		int before = cortex.updates().size();
		Path move = Files.writeString(dir.resolve("move.csv"),
				"connector_id,region,password,auth_token\n" + "rc-1,eu-west-1," + secrets() + "\nrc-2,eu-west-1,"
						+ secrets() + "\nrc-3,eu-west-1," + secrets() + "\n");

		// when
		Cli.Result result = run(move);

		// then
		assertThat(result.exitCode()).as(result.all()).isZero();
		Map<String, JsonNode> sent = sentSince(before);
		assertThat(sent).containsOnlyKeys("rc-1", "rc-3");
		for (String id : List.of("rc-1", "rc-3")) {
			assertThat(withoutId(sent.get(id))).as(id)
				.isEqualTo(expected(live(id, "us-east-1"), Map.of("region", "eu-west-1")));
		}
		assertThat(latestOutcomes()).containsOnly(Map.entry("UPDATED", 2L), Map.entry("UNCHANGED", 1L));
		assertThat(result.out()).contains("  rc-1: region us-east-1 → eu-west-1\n")
			.contains("  rc-3: region us-east-1 → eu-west-1\n")
			.doesNotContain("rc-2:");
		String everything = result.all() + Files.readString(dir.resolve("report.json")) + Tables.dump(repository());
		assertThat(everything).doesNotContain(PASSWORD).doesNotContain(TOKEN).doesNotContain(API_KEY);
	}

	@Test
	void aDryRunShowsTheChangesOfTheMergeAndSendsNothing() throws IOException {
		// given
		tenantOf(2);
		syncedOnce(2);
		int before = cortex.updates().size();
		Path lab = Files.writeString(dir.resolve("lab.ndjson"),
				"{\"connector_id\": \"rc-1\", \"insecure_pull\": true, \"vendor_specific_configuration\": "
						+ "{\"project_ids\": \"12,13\"}, " + jsonSecrets() + "}\n"
						+ "{\"connector_id\": \"rc-2\", \"insecure_pull\": false, " + "" + jsonSecrets() + "}\n");

		// when
		Cli.Result plan = run(lab, "--sync.dry-run=true", "--sync.detailed-exit-code=true");

		// then
		assertThat(plan.exitCode()).as(plan.all()).isEqualTo(SyncCommand.EXIT_CHANGES_PENDING);
		assertThat(cortex.updates()).hasSize(before);
		assertThat(plan.out()).contains("UNCHANGED 1 PLANNED 1")
			.contains("  rc-1: insecure_pull false → true; vendor_specific_configuration.project_ids 12 → 12,13\n");
		assertThat(reportOf("rc-2").get("outcome").stringValue()).isEqualTo("UNCHANGED");
		assertThat(reportOf("rc-1").get("changes")).hasSize(2);
	}

	@Test
	void nullAndTheCsvMarkerClearAFieldAndAnEmptyCellKeepsIt() throws IOException {
		// given
		tenantOf(2);
		syncedOnce(2);
		int before = cortex.updates().size();
		Path json = Files.writeString(dir.resolve("clear.json"),
				"[{\"connector_id\": \"rc-1\", \"ca_certificate\": null, \"vendor_specific_configuration\": "
						+ "{\"group_ids\": null}, " + jsonSecrets() + "}]");
		Path csv = Files.writeString(dir.resolve("clear.csv"),
				"connector_id,region,asset_scope_filters,vendor_specific_configuration.project_ids,password,auth_token\n"
						+ "rc-2,,${clear},${clear}," + secrets() + "\n");

		// when
		Cli.Result fromJson = run(json);
		Cli.Result fromCsv = run(csv);

		// then
		assertThat(fromJson.exitCode()).as(fromJson.all()).isZero();
		assertThat(fromCsv.exitCode()).as(fromCsv.all()).isZero();
		Map<String, JsonNode> sent = sentSince(before);
		ObjectNode rc1 = expected(live("rc-1", "us-east-1"), Map.of());
		rc1.remove("ca_certificate");
		((ObjectNode) rc1.get("vendor_specific_configuration")).remove("group_ids");
		assertThat(withoutId(sent.get("rc-1"))).isEqualTo(rc1);
		ObjectNode rc2 = expected(live("rc-2", "us-east-1"), Map.of());
		rc2.remove("asset_scope_filters");
		((ObjectNode) rc2.get("vendor_specific_configuration")).remove("project_ids");
		assertThat(withoutId(sent.get("rc-2"))).as("the empty region cell keeps us-east-1").isEqualTo(rc2);
		assertThat(fromCsv.out()).contains("rc-2: asset_scope_filters")
			.contains("vendor_specific_configuration.project_ids 12 → (cleared)");
	}

	@Test
	void theDefaultsGiveWhatNeitherTheRecordNorTheConnectorHasTheSecretsAbove() throws IOException {
		// given: a new password for each connector in a file of its own; defaults that
		// also name fields every connector already has, one rc-2's record clears, and
		// one no connector has; rc-2's connector has no vendor-specific project ids
		tenantOf(2);
		ObjectNode noProjects = live("rc-2", "us-east-1");
		((ObjectNode) noProjects.get("vendor_specific_configuration")).remove("project_ids");
		cortex.onRead("rc-2", answer(noProjects));
		syncedOnce(2);
		int before = cortex.updates().size();
		for (String id : List.of("rc-1", "rc-2")) {
			Files.createDirectories(dir.resolve("rotated/" + id));
			Files.writeString(dir.resolve("rotated/" + id + "/password"), "pw-rotated-" + id);
		}
		Path defaults = Files.writeString(dir.resolve("secrets.json"),
				"{\"password\": \"${file:" + dir + "/rotated/{connector_id}/password}\", \"auth_token\": \""
						+ reference("auth_token")
						+ "\", \"region\": \"ap-south-1\", \"ca_certificate\": \"a default\", "
						+ "\"vendor_specific_configuration\": {\"project_ids\": \"99\"}, \"outpost_id\": \"op-1\"}");
		Path ids = Files.writeString(dir.resolve("ids.csv"), "connector_id,ca_certificate\nrc-1,\nrc-2,${clear}\n");

		// when
		Cli.Result result = run(ids, "--sync.defaults=" + defaults);

		// then: the passwords change, the fields no connector had are filled, rc-2's
		// certificate is cleared, nothing else changes
		assertThat(result.exitCode()).as(result.all()).isZero();
		Map<String, JsonNode> sent = sentSince(before);
		ObjectNode rc1 = expected(live("rc-1", "us-east-1"), Map.of("password", "pw-rotated-rc-1"));
		rc1.put("outpost_id", "op-1");
		assertThat(withoutId(sent.get("rc-1"))).isEqualTo(rc1);
		ObjectNode rc2 = expected(noProjects, Map.of("password", "pw-rotated-rc-2"));
		rc2.put("outpost_id", "op-1");
		rc2.remove("ca_certificate");
		((ObjectNode) rc2.get("vendor_specific_configuration")).put("project_ids", "99");
		assertThat(withoutId(sent.get("rc-2"))).isEqualTo(rc2);
		assertThat(result.out()).contains("  rc-1: password (secret); outpost_id \"\" → op-1\n");
		assertThat(result.all() + Tables.dump(repository())).doesNotContain("pw-rotated-");
	}

	@Test
	void aMergedRecordWithoutItsSecretsIsInvalidAndNotRead() throws IOException {
		// given
		tenantOf(1);
		Path noToken = Files.writeString(dir.resolve("move.csv"),
				"connector_id,region,password\nrc-1,eu-west-1," + reference("password") + "\n");

		// when
		Cli.Result result = run(noToken);

		// then
		assertThat(result.exitCode()).isEqualTo(SyncCommand.EXIT_NOT_IN_SYNC);
		assertThat(cortex.reads()).isEmpty();
		assertThat(cortex.updates()).isEmpty();
		assertThat(result.out()).contains("move.csv:2 rc-1 INVALID")
			.contains("auth_token: required in a merge: Cortex never gives secrets back")
			.contains("sync.defaults");
	}

	@Test
	void aMergedDefinitionTheSchemaRefusesIsInvalidWithTheProblemAndWhereItCameFrom() throws IOException {
		// given: rc-1 cleared of a required field; rc-2 given a mode that needs the days
		// its live definition lacks
		tenantOf(2);
		ObjectNode allTags = live("rc-2", "us-east-1");
		allTags.putObject("initial_scan_configuration").put("mode", "ALL");
		cortex.onRead("rc-2", answer(allTags));
		Path change = Files.writeString(dir.resolve("change.csv"),
				"connector_id,region,vendor,initial_scan_configuration.mode,password,auth_token\n" + "rc-1,${clear},,,"
						+ secrets() + "\nrc-2,,DOCKER,TAGS_MODIFIED_DAYS," + secrets() + "\n");

		// when
		Cli.Result result = run(change);

		// then
		assertThat(result.exitCode()).as(result.all()).isEqualTo(SyncCommand.EXIT_NOT_IN_SYNC);
		assertThat(cortex.updates()).isEmpty();
		assertThat(result.out()).contains("change.csv:2 rc-1 INVALID")
			.contains("region: required (the record clears it)")
			.contains("change.csv:3 rc-2 INVALID")
			.contains("initial_scan_configuration.numDays: required with mode TAGS_MODIFIED_DAYS")
			.contains(
					"vendor_specific_configuration.group_ids: applies to vendor GITLAB_CONTAINER_REGISTRY, not DOCKER")
			.contains("(the value is the connector's live one)");
	}

	@Test
	void aRequiredFieldNeitherTheRecordNorTheConnectorHasIsNamedAsSuch() throws IOException {
		// given: a connector without a region, and a JSON record that does not give one
		tenantOf(1);
		ObjectNode noRegion = live("rc-1", "us-east-1");
		noRegion.remove("region");
		cortex.onRead("rc-1", answer(noRegion));
		Path rename = Files.writeString(dir.resolve("rename.ndjson"),
				"{\"connector_id\": \"rc-1\", \"name\": \"GitLab\", " + jsonSecrets() + "}\n");

		// when
		Cli.Result result = run(rename);

		// then
		assertThat(result.exitCode()).isEqualTo(SyncCommand.EXIT_NOT_IN_SYNC);
		assertThat(cortex.updates()).isEmpty();
		assertThat(result.out()).contains("rename.ndjson:1 rc-1 INVALID")
			.contains("region: required; neither the record nor the connector has it");
	}

	@Test
	void aConnectorHoldingAFieldAnUpdateWouldDropIsInvalidAndLeftAsItIs() throws IOException {
		// given: rc-1 holds a field of a newer API
		tenantOf(2);
		syncedOnce(2);
		int before = cortex.updates().size();
		ObjectNode newer = live("rc-1", "us-east-1");
		newer.put("scan_schedule_v2", "nightly");
		cortex.onRead("rc-1", answer(newer));
		Path move = Files.writeString(dir.resolve("move.csv"), "connector_id,region,password,auth_token\n"
				+ "rc-1,eu-west-1," + secrets() + "\nrc-2,eu-west-1," + secrets() + "\n");

		// when
		Cli.Result result = run(move);

		// then
		assertThat(result.exitCode()).isEqualTo(SyncCommand.EXIT_NOT_IN_SYNC);
		assertThat(sentSince(before)).containsOnlyKeys("rc-2");
		assertThat(result.out()).contains("move.csv:2 rc-1 INVALID")
			.contains("scan_schedule_v2: the connector holds this field, which registry-sync does not know");
	}

	@Test
	void aConnectorThatDoesNotExistIsNotFound() throws IOException {
		// given: no connector rc-9
		tenantOf(1);
		syncedOnce(1);
		Path move = Files.writeString(dir.resolve("move.csv"), "connector_id,region,password,auth_token\n"
				+ "rc-1,eu-west-1," + secrets() + "\nrc-9,eu-west-1," + secrets() + "\n");

		// when
		Cli.Result result = run(move);

		// then
		assertThat(result.exitCode()).isEqualTo(SyncCommand.EXIT_NOT_IN_SYNC);
		assertThat(cortex.updates()).extracting(FakeCortex::connectorId).containsExactly("rc-1", "rc-1");
		assertThat(result.out()).contains("move.csv:3 rc-9 NOT_FOUND HTTP 404");
	}

	@Test
	void aMergeWithAnExportIsAConfigurationError() throws IOException {
		// given
		Path move = Files.writeString(dir.resolve("move.csv"), "connector_id,region\nrc-1,eu-west-1\n");

		// when
		Cli.Result result = run(move, "--sync.export=" + dir.resolve("out.csv"));

		// then
		assertThat(result.exitCode()).isEqualTo(SyncCommand.EXIT_CONFIGURATION);
		assertThat(result.err()).contains("sync.merge changes connectors and sync.export only reads them");
		assertThat(cortex.requests()).isEmpty();
	}

	@Test
	void anUnknownColumnIsRefusedBeforeAnythingIsRead() throws IOException {
		// given
		Path typo = Files.writeString(dir.resolve("move.csv"),
				"connector_id,regoin,password,auth_token\nrc-1,eu-west-1," + secrets() + "\n");

		// when
		Cli.Result result = run(typo);

		// then
		assertThat(result.exitCode()).isEqualTo(SyncCommand.EXIT_CONFIGURATION);
		assertThat(result.err()).contains("regoin");
		assertThat(cortex.reads()).isEmpty();
		assertThat(cortex.updates()).isEmpty();
	}

	@Test
	void aMergeKilledMidwayResumesAndSendsAgainAtMostTheTwoChunksInFlight() throws Exception {
		// given: 200 connectors whose secrets the ledger knows; every other one moves
		int n = 200;
		tenantOf(n);
		syncedOnce(n, "--sync.rate-limit=1000", "--sync.max-concurrency=16");
		long firstRun = repository().count("SELECT MAX(job_instance_id) FROM sync_run");
		StringBuilder text = new StringBuilder("connector_id,region,password,auth_token\n");
		for (int i = 1; i <= n; i++) {
			cortex.onRead("rc-" + i, answer(live("rc-" + i, "us-east-1")).withFixedDelay(40));
			text.append("rc-")
				.append(i)
				.append(i % 2 == 0 ? ",eu-west-1," : ",us-east-1,")
				.append(secrets())
				.append('\n');
		}
		cortex.onEveryUpdate(accepted().withFixedDelay(40));
		Path move = Files.writeString(dir.resolve("move.csv"), text);
		String[] options = { "--sync.chunk-size=10", "--sync.max-concurrency=4", "--sync.rate-limit=100" };

		// when: it is killed (SIGKILL) in the middle, then the same command runs again
		KilledRun killed = KilledRun.start(args(move, options), dir.resolve("killed.log"), cortex, repository(),
				firstRun, 30);
		Cli.Result resumed = run(move, options);

		// then
		assertThat(resumed.exitCode()).as(resumed.all()).isZero();
		assertThat(resumed.out()).contains("Resuming run");
		assertThat(latestOutcomes()).containsOnly(Map.entry("UPDATED", 100L), Map.entry("UNCHANGED", 100L));
		killed.sentEachChangedConnectorWithinTheBound(cortex, 100, 10);
	}

}
