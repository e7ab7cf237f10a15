package org.registrysync.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.registrysync.support.Cli;
import org.registrysync.support.FakeCortex;
import org.registrysync.support.Repository;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code sync.defaults} (SPEC §6): the whole command against a Cortex on 127.0.0.1, on
 * H2.
 */
class DefaultsH2IntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String API_KEY = "key-1f4e7a2c9b3d6e8f0a5c2b7d4e9f1a3c";

	@TempDir
	Path dir;

	@RegisterExtension
	final FakeCortex cortex = new FakeCortex();

	Cli.Result run(Path inventory, Path defaults, String... more) {
		List<String> options = new ArrayList<>(List.of("--sync.inventory=" + inventory, "--sync.defaults=" + defaults));
		options.addAll(List.of(more));
		return Cli.run(Cli.arguments(Repository.h2(dir), cortex, API_KEY, options.toArray(String[]::new))
			.toArray(String[]::new));
	}

	Map<String, JsonNode> sentBodies() {
		return cortex.updates()
			.stream()
			.collect(
					Collectors.toMap(FakeCortex::connectorId, (LoggedRequest r) -> JSON.readTree(r.getBodyAsString())));
	}

	@Test
	void everyRecordTakesTheDefaultsItLacksWithItsOwnSecretAndItsOwnValuesWin() throws IOException {
		// given: a secret file per connector, and records that name only some fields
		for (String id : List.of("rc-1", "rc-2")) {
			Files.createDirectories(dir.resolve("secrets/" + id));
			Files.writeString(dir.resolve("secrets/" + id + "/password"), "pw-of-" + id);
		}
		Path defaults = Files.writeString(dir.resolve("defaults.json"), "{\"vendor\": \"DOCKER\", \"url\": "
				+ "\"https://r.example\", \"username\": \"u\", \"password\": \"${file:" + dir
				+ "/secrets/{connector_id}/password}\", \"auth_token\": \"tok-shared\", \"scanning_mode\": \"CLOUD\", "
				+ "\"region\": \"us-east-1\", \"insecure_pull\": false, "
				+ "\"initial_scan_configuration\": {\"mode\": \"TAGS_MODIFIED_DAYS\", \"numDays\": 7}}");
		Path inventory = Files.writeString(dir.resolve("connectors.csv"),
				"connector_id,name,region,initial_scan_configuration.numDays,insecure_pull\n"
						+ "rc-1,One,eu-west-1,30,true\nrc-2,Two,,,\n");

		// when
		Cli.Result result = run(inventory, defaults);

		// then
		assertThat(result.exitCode()).as(result.all()).isZero();
		Map<String, JsonNode> sent = sentBodies();
		assertThat(sent.get("rc-1").get("password").asString()).isEqualTo("pw-of-rc-1");
		assertThat(sent.get("rc-2").get("password").asString()).isEqualTo("pw-of-rc-2");
		assertThat(sent.get("rc-1").get("region").asString()).as("the record's own value wins").isEqualTo("eu-west-1");
		assertThat(sent.get("rc-2").get("region").asString()).isEqualTo("us-east-1");
		assertThat(sent.get("rc-1").get("insecure_pull").asBoolean()).isTrue();
		assertThat(sent.get("rc-2").get("insecure_pull").asBoolean()).isFalse();
		assertThat(JSON.writeValueAsString(sent.get("rc-1").get("initial_scan_configuration")))
			.as("nested objects merge key by key")
			.isEqualTo("{\"mode\":\"TAGS_MODIFIED_DAYS\",\"numDays\":30}");
		assertThat(JSON.writeValueAsString(sent.get("rc-2").get("initial_scan_configuration")))
			.isEqualTo("{\"mode\":\"TAGS_MODIFIED_DAYS\",\"numDays\":7}");
		assertThat(result.all()).doesNotContain("pw-of-rc-1").doesNotContain("tok-shared");
	}

	@Test
	void aRecordMadeInvalidByADefaultNamesTheRecordAndTheDefaultsFile() throws IOException {
		// given
		Path defaults = Files.writeString(dir.resolve("defaults.json"),
				"{\"vendor\": \"QUAY\", \"url\": \"https://r.example\", \"username\": \"u\", \"password\": \"p\", "
						+ "\"auth_token\": \"t\", \"scanning_mode\": \"CLOUD\", \"region\": \"r\", \"insecure_pull\": false, "
						+ "\"initial_scan_configuration\": {\"mode\": \"ALL\"}}");
		Path inventory = Files.writeString(dir.resolve("connectors.ndjson"),
				"{\"connector_id\": \"rc-1\", \"name\": \"One\"}\n{\"connector_id\": \"rc-2\", \"name\": \"Two\", "
						+ "\"vendor\": \"DOCKER\"}\n");

		// when
		Cli.Result result = run(inventory, defaults);

		// then
		assertThat(result.exitCode()).isEqualTo(SyncCommand.EXIT_NOT_IN_SYNC);
		assertThat(result.out()).contains("connectors.ndjson:1 rc-1 INVALID")
			.contains("vendor: 'QUAY' is not one of")
			.contains("(the value comes from " + defaults + ")");
		assertThat(cortex.updates()).extracting(FakeCortex::connectorId).containsExactly("rc-2");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "[1, 2]|must hold one JSON object of fields",
			"{\"regoin\": \"x\"}|regoin: unknown field; did you mean region?",
			"{\"password\": \"${vault:x}\"}|password: unknown secret reference",
			"{\"connector_id\": \"rc-1\"}|connector_id: cannot be a default",
			"{\"initial_scan_configuration\": {\"mood\": \"ALL\"}}|initial_scan_configuration.mood: unknown field",
			"{not json|not JSON" })
	void aDefaultsFileThatCannotBeUsedStopsTheRunNamingTheFileAndTheField(String text, String problem)
			throws IOException {
		// given
		Path defaults = Files.writeString(dir.resolve("defaults.json"), text);
		Path inventory = Files.writeString(dir.resolve("connectors.csv"), "connector_id,name\nrc-1,One\n");

		// when
		Cli.Result result = run(inventory, defaults);

		// then
		assertThat(result.exitCode()).isEqualTo(SyncCommand.EXIT_CONFIGURATION);
		assertThat(result.err()).contains(defaults + ": ").contains(problem).contains("nothing was sent");
		assertThat(cortex.requests()).isEmpty();
	}

	@Test
	void otherDefaultsMakeAnotherRunAndTheSameDefaultsLeaveTheConnectorsUnchanged() throws IOException {
		// given
		Path defaults = Files.writeString(dir.resolve("defaults.json"),
				"{\"vendor\": \"DOCKER\", \"url\": \"https://r.example\", \"username\": \"u\", \"password\": \"p\", "
						+ "\"auth_token\": \"t\", \"scanning_mode\": \"CLOUD\", \"region\": \"us-east-1\", "
						+ "\"insecure_pull\": false, \"initial_scan_configuration\": {\"mode\": \"ALL\"}}");
		Path inventory = Files.writeString(dir.resolve("connectors.csv"), "connector_id,name\nrc-1,One\n");
		assertThat(run(inventory, defaults).exitCode()).isZero();

		// when
		Cli.Result same = run(inventory, defaults);
		Files.writeString(defaults, Files.readString(defaults).replace("us-east-1", "eu-west-1"));
		Cli.Result moved = run(inventory, defaults, "--sync.dry-run=true");

		// then
		assertThat(same.out()).contains("UNCHANGED 1");
		assertThat(moved.exitCode()).isZero();
		assertThat(moved.out()).contains("  rc-1: region us-east-1 → eu-west-1\n");
		assertThat(cortex.updates()).hasSize(1);
	}

}
