package org.registrysync.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.registrysync.support.Cli;
import org.registrysync.support.Repository;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole command, dry run, on a real job repository database (H2 or PostgreSQL in the
 * subclasses).
 */
abstract class AbstractDryRunIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String HEADER = "connector_id,vendor,name,url,username,password,auth_token,scanning_mode,region,"
			+ "insecure_pull,initial_scan_configuration.mode\n";

	@TempDir
	Path dir;

	/** The job repository of one test. */
	abstract Repository repository();

	private Cli.Result dryRun(Path inventory, String... more) {
		List<String> args = new ArrayList<>(repository().arguments());
		args.add("--sync.inventory=" + inventory);
		args.add("--sync.dry-run=true");
		args.addAll(List.of(more));
		return Cli.run(args.toArray(String[]::new));
	}

	private Path write(String name, String text) throws IOException {
		return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
	}

	private static String row(String id, String name) {
		return id + "," + name + ",n,https://r.example,u,${file:samples/secrets/registry-password.txt},"
				+ "${env:REGISTRY_SYNC_SAMPLE_TOKEN},CLOUD,r,false,ALL\n";
	}

	private static void assertNoStackTrace(Cli.Result result) {
		assertThat(result.all()).doesNotContain("\tat ").doesNotContain("Exception");
	}

	@ParameterizedTest
	@ValueSource(strings = { "samples/connectors.csv", "samples/connectors.json", "samples/connectors.ndjson" })
	void theSamplesArePlannedWithExitCodeZero(String sample) throws IOException {
		// given
		Path report = dir.resolve("reports/report.json");

		// when
		Cli.Result result = dryRun(Path.of(sample), "--sync.report=" + report);

		// then
		assertThat(result.exitCode()).isZero();
		assertThat(result.out()).contains("PLANNED 7").contains("INVALID 0").contains("exit code 0");
		String file = Path.of(sample).getFileName().toString();
		assertThat(repository().rows("SELECT outcome, source, connector_id FROM sync_outcome ORDER BY record_number"))
			.hasSize(7)
			.allSatisfy(row -> {
				assertThat(row.get("OUTCOME")).isEqualTo("PLANNED");
				assertThat((String) row.get("SOURCE")).startsWith(file + ":");
			})
			.extracting(row -> row.get("CONNECTOR_ID"))
			.containsExactly("rc-docker-prod", "rc-jfrog-outpost", "rc-sonatype-broker", "rc-dockerhub",
					"rc-harbor-lab", "rc-gitlab", "rc-openshift");
		JsonNode json = JSON.readTree(report.toFile());
		assertThat(json.get("run").get("status").stringValue()).isEqualTo("COMPLETED");
		assertThat(json.get("run").get("exit_code").intValue()).isZero();
		assertThat(json.get("run").get("dry_run").booleanValue()).isTrue();
		assertThat(json.get("run").get("inventory_sha256").stringValue()).hasSize(64);
		assertThat(json.get("counts").get("read").intValue()).isEqualTo(7);
		assertThat(json.get("counts").get("PLANNED").intValue()).isEqualTo(7);
		assertThat(json.get("records")).hasSize(7);
		assertThat(json.get("records").get(0).get("source").stringValue())
			.isEqualTo(file + ":" + (file.endsWith(".ndjson") ? 1 : 2));
		assertThat(json.get("records").get(0).get("outcome").stringValue()).isEqualTo("PLANNED");
		assertThat(json.get("records").get(0).get("attempts").intValue()).isZero();
		String secrets = "sample-registry-password|sample-docker-password|"
				+ System.getenv("REGISTRY_SYNC_SAMPLE_TOKEN");
		assertThat(Files.readString(report)).doesNotContainPattern(secrets);
		assertThat(result.all()).doesNotContainPattern(secrets);
	}

	static Stream<Path> invalidSamples() throws IOException {
		return Files.list(Path.of("samples/invalid")).sorted();
	}

	@ParameterizedTest
	@MethodSource("invalidSamples")
	void everyInvalidSampleExitsThreeAndNamesEveryProblem(Path sample) {
		// when
		Cli.Result result = dryRun(sample);

		// then
		assertThat(result.exitCode()).isEqualTo(3);
		List<Map<String, Object>> invalid = repository()
			.rows("SELECT source, message FROM sync_outcome WHERE outcome = 'INVALID' ORDER BY record_number");
		assertThat(invalid).isNotEmpty();
		for (Map<String, Object> row : invalid) {
			assertThat(result.out()).contains("  " + row.get("SOURCE") + " ");
			for (String problem : ((String) row.get("MESSAGE")).split("\n")) {
				assertThat(result.out()).contains("    " + problem);
			}
		}
		long records = repository().count("SELECT records FROM sync_run");
		assertThat(repository().count("SELECT COUNT(*) FROM sync_outcome")).isEqualTo(records);
		assertNoStackTrace(result);
	}

	@Nested
	class UnusableInventories {

		@ParameterizedTest
		@ValueSource(strings = { "samples/unreadable/unknown-column.csv", "samples/unreadable/not-utf8.csv",
				"samples/unreadable/broken.json", "samples/unreadable/not-an-array.json", "samples/nothing-here.csv" })
		void exitTwoWithOneLineAndSendNothing(String inventory) {
			Cli.Result result = dryRun(Path.of(inventory));

			assertThat(result.exitCode()).isEqualTo(2);
			assertThat(result.err().lines().toList()).singleElement().asString().startsWith("registry-sync: ");
			assertThat(result.err()).contains(Path.of(inventory).getFileName().toString());
			assertNoStackTrace(result);
		}

		@Test
		void anUnknownColumnIsNamedWithTheClosestKnownName() {
			Cli.Result result = dryRun(Path.of("samples/unreadable/unknown-column.csv"));

			assertThat(result.err())
				.contains("unknown-column.csv:1: unknown column 'vendor_specific_configuration.group_id'; "
						+ "did you mean 'vendor_specific_configuration.group_ids'?");
		}

		@Test
		void invalidUtf8NamesItsLine() {
			assertThat(dryRun(Path.of("samples/unreadable/not-utf8.csv")).err())
				.contains("not-utf8.csv:3: the file is not valid UTF-8");
		}

		@Test
		void jsonNestedTenThousandLevelsDeep() throws IOException {
			Path deep = write("deep.json", "[{\"connector_id\": \"x\", \"asset_scope_filters\": "
					+ "{\"AND\": [".repeat(10_000) + "]}".repeat(10_000) + "}]");

			Cli.Result result = dryRun(deep);

			assertThat(result.exitCode()).isEqualTo(2);
			assertThat(result.err()).contains("deep.json:1:").contains("nested deeper than 200 levels");
			assertNoStackTrace(result);
		}

		@Test
		void anEmptyCsvFile() throws IOException {
			Cli.Result result = dryRun(write("empty.csv", ""));

			assertThat(result.exitCode()).isEqualTo(2);
			assertThat(result.err()).contains("empty.csv: the file is empty");
		}

	}

	@Nested
	class HostileRecords {

		@Test
		void aHeaderOnlyIsAnEmptyRunWithExitZero() throws IOException {
			Cli.Result result = dryRun(write("header.csv", HEADER));

			assertThat(result.exitCode()).isZero();
			assertThat(result.out()).contains("0 of 0 records").contains("holds no records");
		}

		@Test
		void bomQuotedCellsAndUnicodeArePlanned() throws IOException {
			Path file = write("bom.csv", "\uFEFF" + HEADER
					+ row("rc-ü", "DOCKER").replace(",n,", ",\"Zürich, \"\"east\"\"\n東京\",") + row("rc-2", "JFROG"));

			Cli.Result result = dryRun(file);

			assertThat(result.exitCode()).isZero();
			assertThat(repository().rows("SELECT connector_id, source FROM sync_outcome ORDER BY record_number"))
				.extracting(r -> r.get("CONNECTOR_ID") + "@" + r.get("SOURCE"))
				.containsExactly("rc-ü@bom.csv:2", "rc-2@bom.csv:4");
		}

		@Test
		void aFiveMegabyteFieldIsInvalidWithItsLength() throws IOException {
			Path file = write("big.csv",
					HEADER + row("rc-big", "DOCKER").replace(",n,", "," + "n".repeat(5 * 1024 * 1024) + ","));

			Cli.Result result = dryRun(file);

			assertThat(result.exitCode()).isEqualTo(3);
			assertThat(result.out()).contains("big.csv:2 rc-big INVALID").contains("name: is 5242880 characters long");
		}

		@Test
		void wrongTypesShortRowsAndYesAreInvalidRecordsNotCrashes() throws IOException {
			Path file = write("mixed.csv", HEADER + row("rc-yes", "DOCKER").replace(",false,", ",yes,")
					+ "rc-short,DOCKER\n" + row("rc-ok", "HARBOR"));

			Cli.Result result = dryRun(file);

			assertThat(result.exitCode()).isEqualTo(3);
			assertThat(result.out()).contains("insecure_pull: 'yes' is not a boolean; write true or false")
				.contains("mixed.csv:3 rc-short INVALID")
				.contains("PLANNED 1 INVALID 2");
		}

		@Test
		void hostileConnectorIdsAreInvalidAndPrintedSafely() throws IOException {
			StringBuilder text = new StringBuilder(HEADER);
			for (String id : List.of("../../admin", "a/b", "x%2F..", "\" \"", ".")) {
				text.append(row(id, "DOCKER"));
			}

			Cli.Result result = dryRun(write("ids.csv", text.toString()));

			assertThat(result.exitCode()).isEqualTo(3);
			assertThat(result.out()).contains("INVALID 5").contains("ids.csv:5 \\u0020 INVALID");
			assertThat(repository().count("SELECT COUNT(*) FROM sync_outcome WHERE outcome = 'INVALID'")).isEqualTo(5);
		}

	}

	@Nested
	class Configuration {

		@Test
		void theInventoryIsRequired() {
			Cli.Result result = Cli
				.run(Stream.concat(repository().arguments().stream(), Stream.of("--sync.dry-run=true"))
					.toArray(String[]::new));

			assertThat(result.exitCode()).isEqualTo(2);
			assertThat(result.err()).contains("sync.inventory is required");
		}

		@Test
		void anInvalidValueIsOneLineWithExitTwo() {
			Cli.Result notANumber = dryRun(Path.of("samples/connectors.csv"), "--sync.rate-limit=fast");
			Cli.Result outOfRange = dryRun(Path.of("samples/connectors.csv"), "--sync.chunk-size=0");

			assertThat(notANumber.exitCode()).isEqualTo(2);
			assertThat(notANumber.err().strip()).startsWith("registry-sync: invalid value 'fast' for sync.rate-limit");
			assertThat(outOfRange.exitCode()).isEqualTo(2);
			assertThat(outOfRange.err().strip()).isEqualTo(
					"registry-sync: invalid configuration: sync.chunk-size must be greater than or equal to 1 (was 0)");
			assertNoStackTrace(notANumber);
			assertNoStackTrace(outOfRange);
		}

		@Test
		void unsafeOrUnusableCortexSettingsAreOneLineWithExitTwo() throws IOException {
			Path notPem = write("ca.pem", "not a certificate");
			List<List<String>> settings = List.of(
					List.of("--cortex.base-url=http://api-example.xdr.us.paloaltonetworks.com", "--cortex.api-key=k"),
					List.of("--cortex.base-url=https://api-example.test/public_api/v1", "--cortex.api-key=k"),
					List.of("--cortex.base-url=https://api-example.test", "--cortex.api-key=secret-key\r"),
					List.of("--cortex.base-url=https://api-example.test", "--cortex.api-key=k",
							"--sync.retry-backoff=1m", "--sync.retry-backoff-max=1s"),
					List.of("--cortex.base-url=https://api-example.test", "--cortex.api-key=k",
							"--cortex.ca-certificate=" + notPem));
			for (List<String> setting : settings) {
				List<String> args = new ArrayList<>(repository().arguments());
				args.add("--sync.inventory=samples/connectors.csv");
				args.add("--cortex.api-key-id=42");
				args.addAll(setting);

				Cli.Result result = Cli.run(args.toArray(String[]::new));

				assertThat(result.exitCode()).as(setting.toString()).isEqualTo(2);
				assertThat(result.err().lines().toList()).as(setting.toString())
					.singleElement()
					.asString()
					.matches("registry-sync: (cortex|sync)\\.[a-z-]+ .*");
				assertThat(result.all()).doesNotContain("secret-key");
				assertNoStackTrace(result);
			}
		}

		@Test
		void aRealRunNeedsTheTenantAndKey() {
			List<String> args = new ArrayList<>(repository().arguments());
			args.add("--sync.inventory=samples/connectors.csv");

			Cli.Result result = Cli.run(args.toArray(String[]::new));

			assertThat(result.exitCode()).isEqualTo(2);
			assertThat(result.err()).contains("cortex.base-url, cortex.api-key-id and cortex.api-key are required");
		}

	}

	@Test
	void reRunningACompletedRunStartsTheNextRun() {
		Cli.Result first = dryRun(Path.of("samples/connectors.ndjson"));
		Cli.Result second = dryRun(Path.of("samples/connectors.ndjson"));

		assertThat(first.exitCode()).isZero();
		assertThat(second.exitCode()).isZero();
		assertThat(repository().rows("SELECT run_seq FROM sync_run ORDER BY run_seq")).extracting(r -> r.get("RUN_SEQ"))
			.containsExactly(1L, 2L);
		assertThat(repository().count("SELECT COUNT(DISTINCT job_instance_id) FROM sync_outcome")).isEqualTo(2);
		assertThat(repository().count("SELECT COUNT(*) FROM sync_outcome")).isEqualTo(14);
	}

}
