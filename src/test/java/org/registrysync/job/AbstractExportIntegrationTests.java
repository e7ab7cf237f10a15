package org.registrysync.job;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.registrysync.inventory.DuplicateIds;
import org.registrysync.inventory.InventoryFile;
import org.registrysync.inventory.InventoryRecord;
import org.registrysync.inventory.RecordParser;
import org.registrysync.mapping.ConnectorMapper;
import org.registrysync.mapping.FieldChanges;
import org.registrysync.mapping.MappingResult;
import org.registrysync.mapping.SecretResolver;
import org.registrysync.support.ChildJvm;
import org.registrysync.support.Cli;
import org.registrysync.support.FakeCortex;
import org.registrysync.support.Repository;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The export run (SPEC §5, {@code sync.export}): the whole command against a Cortex on
 * 127.0.0.1, on a real job repository (H2 or PostgreSQL in the subclasses).
 */
abstract class AbstractExportIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static final String API_KEY = "key-9d2c4b7a1e6f3058c4b2a9d7e1f6c3b5";

	static final String PASSWORD = "pw-Lk5sW9dQ2zRt";

	static final String TOKEN = "tok-Ny7Hf3Vb8Jc1";

	/** What a GET may answer for the secrets: a mask, nothing, or the values. */
	static final Map<String, String> SECRETS_ON_GET = Map.of("masked",
			"\"password\": \"********\", \"auth_token\": \"********\", ", "omitted", "", "clear",
			"\"password\": \"" + PASSWORD + "\", \"auth_token\": \"" + TOKEN + "\", ");

	/**
	 * A GitLab connector holding every field the tool knows, a nested filter tree,
	 * vendor-specific keys, a multi-line certificate, and the zero values Cortex answers
	 * for the fields nobody set.
	 */
	static String fullDefinition(String id, String secrets) {
		return "{\"connector_id\": \"" + id + "\", \"vendor\": \"GITLAB_CONTAINER_REGISTRY\", \"name\": \"GitLab, "
				+ "\\\"group\\\" registry\", \"enabled\": false, \"url\": \"https://gitlab.example.com\", "
				+ "\"username\": \"svc\", " + secrets + "\"scanning_mode\": \"OUTPOST\", \"cloud_provider\": \"AWS\", "
				+ "\"outpost_id\": \"op-3\", \"region\": \"eu-west-1\", \"insecure_pull\": false, "
				+ "\"ca_certificate\": \"-----BEGIN CERTIFICATE-----\\nMIIBszCCAVmgAwIBAgIU\\n"
				+ "-----END CERTIFICATE-----\\n\", \"repository\": \"\", "
				+ "\"initial_scan_configuration\": {\"mode\": \"TAGS_MODIFIED_DAYS\", \"numDays\": 30}, "
				+ "\"allow_static_ips\": true, \"ip_identifier\": \"egress-1\", "
				+ "\"asset_scope_filters\": {\"AND\": [{\"SEARCH_FIELD\": \"Registry\", \"SEARCH_TYPE\": \"EQ\", "
				+ "\"SEARCH_VALUE\": \"gitlab.example.com\"}, {\"OR\": [{\"SEARCH_FIELD\": \"Repository\", "
				+ "\"SEARCH_TYPE\": \"CONTAINS\", \"SEARCH_VALUE\": \"team-a/\"}, {\"SEARCH_FIELD\": \"Repository\", "
				+ "\"SEARCH_TYPE\": \"CONTAINS\", \"SEARCH_VALUE\": \"team-b/\"}]}]}, "
				+ "\"registry_type\": \"SELF_HOSTED\", \"tenant_id\": \"t-7\", \"broker_type\": \"\", \"broker_id\": \"\", "
				+ "\"filter_type\": \"EXCLUDE\", \"vendor_specific_configuration\": {\"group_ids\": \"12,13\", "
				+ "\"project_ids\": \"\", \"api_domain_name\": \"gitlab.example.com\"}}";
	}

	static ResponseDefinitionBuilder json(String body) {
		return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
	}

	static String simpleDefinition(String id) {
		return "{\"connector_id\": \"" + id + "\", \"vendor\": \"DOCKER\", \"name\": \"Registry " + id
				+ "\", \"url\": \"https://r.example\", \"username\": \"u\", \"password\": \"********\", "
				+ "\"scanning_mode\": \"CLOUD\", \"region\": \"us-east-1\", \"insecure_pull\": false, "
				+ "\"initial_scan_configuration\": {\"mode\": \"ALL\"}, \"outpost_id\": \"\"}";
	}

	@TempDir
	Path dir;

	@RegisterExtension
	final FakeCortex cortex = new FakeCortex();

	/** The job repository of one test. */
	abstract Repository repository();

	Path ids(String... ids) throws IOException {
		return Files.writeString(dir.resolve("ids.txt"),
				"# connectors made in the console\n\n" + String.join("\n", ids) + "\n");
	}

	List<String> args(String... more) {
		List<String> options = new ArrayList<>(List.of("--sync.report=" + dir.resolve("report.json")));
		options.addAll(List.of(more));
		return Cli.arguments(repository(), cortex, API_KEY, options.toArray(String[]::new));
	}

	Cli.Result run(String... more) {
		return Cli.run(args(more).toArray(String[]::new));
	}

	Map<String, String> outcomes() {
		return repository().rows("SELECT connector_id, outcome FROM sync_outcome")
			.stream()
			.collect(Collectors.toMap(r -> (String) r.get("CONNECTOR_ID"), r -> (String) r.get("OUTCOME")));
	}

	/** Reads an inventory back with the tool's own reader and mapper, secrets aside. */
	static List<MappingResult> readBack(Path inventory) {
		ConnectorMapper mapper = new ConnectorMapper(new SecretResolver(name -> "x"));
		List<MappingResult> results = new ArrayList<>();
		try (RecordParser parser = InventoryFile.of(inventory).open()) {
			for (InventoryRecord record = parser.next(); record != null; record = parser.next()) {
				ObjectNode fields = record.fields().deepCopy();
				fields.put("password", "x");
				fields.put("auth_token", "x");
				results.add(mapper.map(new InventoryRecord(record.number(), record.source(), fields, record.textual(),
						record.problem()), DuplicateIds.none()));
			}
		}
		return results;
	}

	@Test
	void connectorsFoundAreExportedAndAnIdCortexDoesNotKnowIsNotFound() throws IOException {
		// given
		cortex.onRead("rc-1", json(simpleDefinition("rc-1")));
		cortex.onRead("rc-2", json(simpleDefinition("rc-2")));
		cortex.onRead("rc-gone",
				aResponse().withStatus(404)
					.withHeader("Content-Type", "application/json")
					.withBody("{\"err_msg\": \"Connector not found\", \"metadata\": {\"code\": \"NOT_FOUND\"}}"));
		Path export = dir.resolve("adopted.ndjson");

		// when
		Cli.Result result = run("--sync.export=" + export, "--sync.export-ids=" + ids("rc-1", "rc-gone", "rc-2"));

		// then
		assertThat(result.exitCode()).as(result.all()).isEqualTo(SyncCommand.EXIT_NOT_IN_SYNC);
		assertThat(outcomes()).containsOnly(Map.entry("rc-1", "EXPORTED"), Map.entry("rc-2", "EXPORTED"),
				Map.entry("rc-gone", "NOT_FOUND"));
		assertThat(result.out()).contains("EXPORTED 2").contains("ids.txt:4 rc-gone NOT_FOUND HTTP 404");
		assertThat(Files.readAllLines(export)).hasSize(2)
			.first()
			.isEqualTo("{\"connector_id\":\"rc-1\",\"vendor\":\"DOCKER\",\"name\":\"Registry rc-1\","
					+ "\"url\":\"https://r.example\",\"username\":\"u\",\"password\":\"${file:secrets/rc-1/password}\","
					+ "\"auth_token\":\"${file:secrets/rc-1/auth_token}\",\"scanning_mode\":\"CLOUD\","
					+ "\"region\":\"us-east-1\",\"insecure_pull\":false,\"initial_scan_configuration\":{\"mode\":\"ALL\"}}");
		assertThat(cortex.updates()).isEmpty();
		assertThat(cortex.reads()).hasSize(3);
		assertThat(Files.list(dir).map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith("."));
	}

	@ParameterizedTest
	@CsvSource({ "adopted.csv, masked", "adopted.json, omitted", "adopted.ndjson, clear", "adopted.csv, clear" })
	void aConnectorWithEveryFieldReadsBackWithoutAnyChangeButItsSecrets(String name, String secrets)
			throws IOException {
		// given
		String definition = fullDefinition("rc-full", SECRETS_ON_GET.get(secrets));
		cortex.onRead("rc-full", json(definition));
		Path export = dir.resolve(name);
		Path secretsDir = dir.resolve("secrets");

		// when
		Cli.Result result = run("--sync.export=" + export, "--sync.export-ids=" + ids("rc-full"),
				"--sync.export-secret=${file:" + secretsDir + "/{connector_id}/{field}}");

		// then: it reads back with no error and no change
		assertThat(result.exitCode()).as(result.all()).isZero();
		List<MappingResult> read = readBack(export);
		assertThat(read).singleElement().isInstanceOf(MappingResult.Mapped.class);
		ObjectNode live = (ObjectNode) JSON.readTree(definition);
		live.remove(List.of("password", "auth_token"));
		FieldChanges changes = FieldChanges.between(live,
				FieldChanges.body(((MappingResult.Mapped) read.getFirst()).request()), Set.of());
		assertThat(changes.isEmpty()).as(changes.summary()).isTrue();
		String text = Files.readString(export);
		assertThat(text).contains("${file:" + secretsDir + "/rc-full/password}")
			.contains("${file:" + secretsDir + "/rc-full/auth_token}");
		String everything = text + result.all() + Files.readString(dir.resolve("report.json"))
				+ Tables.dump(repository());
		assertThat(everything).doesNotContain(PASSWORD).doesNotContain(TOKEN).doesNotContain(API_KEY);

		// when: the secrets are put in place and the export is planned against the tenant
		Files.createDirectories(secretsDir.resolve("rc-full"));
		Files.writeString(secretsDir.resolve("rc-full/password"), PASSWORD);
		Files.writeString(secretsDir.resolve("rc-full/auth_token"), TOKEN);
		Cli.Result plan = run("--sync.inventory=" + export, "--sync.dry-run=true", "--sync.compare=live");

		// then: nothing changes but the secrets, which the ledger has not seen
		assertThat(plan.exitCode()).as(plan.all()).isZero();
		assertThat(plan.out()).contains("PLANNED 1").contains("  rc-full: password (secret); auth_token (secret)\n");
	}

	@Test
	void aFieldTheToolDoesNotKnowIsNamedAndLeftOutSoThatTheFileStillReadsBack() throws IOException {
		// given: a newer API's fields
		cortex.onRead("rc-1", json(simpleDefinition("rc-1").replace("\"outpost_id\": \"\"",
				"\"scan_schedule\": \"nightly\", \"initial_scan_configuration\": {\"mode\": \"ALL\", \"depth\": 3}")));
		Path export = dir.resolve("adopted.csv");

		// when
		Cli.Result result = run("--sync.export=" + export, "--sync.export-ids=" + ids("rc-1"));

		// then
		assertThat(result.exitCode()).as(result.all()).isZero();
		assertThat(result.out()).contains("Exported with notes:\n  ids.txt:3 rc-1\n    fields not known to "
				+ "registry-sync, left out of the export: initial_scan_configuration.depth, scan_schedule\n");
		assertThat((String) repository().rows("SELECT message FROM sync_outcome").getFirst().get("MESSAGE"))
			.contains("scan_schedule");
		assertThat(readBack(export)).singleElement().isInstanceOf(MappingResult.Mapped.class);
	}

	@Test
	void aValueThatReadsAsAReferenceIsLeftOutSoThatNoSyncResolvesIt() throws IOException {
		// given: a connector whose name and a vendor-specific key were set, in the
		// console, to text that reads as references to this machine's file and variable
		Path local = Files.writeString(dir.resolve("local-only.txt"), "root:$6$local-file-content\n");
		cortex.onRead("rc-1",
				json(fullDefinition("rc-1", SECRETS_ON_GET.get("masked"))
					.replace("\"GitLab, \\\"group\\\" registry\"", "\"${file:" + local + "}\"")
					.replace("\"project_ids\": \"\"", "\"project_ids\": \"${env:HOME}\"")));
		Path export = dir.resolve("adopted.ndjson");

		// when
		Cli.Result result = run("--sync.export=" + export, "--sync.export-ids=" + ids("rc-1"));

		// then: both are left out and named
		assertThat(result.exitCode()).as(result.all()).isZero();
		String text = Files.readString(export);
		assertThat(text).doesNotContain(local.toString()).doesNotContain("${env:HOME}").contains("\"region\"");
		assertThat(result.out())
			.contains("fields whose values read as secret references (${env:…}, ${file:…}), "
					+ "left out of the export so that a sync does not resolve them; a sync of this record clears them "
					+ "unless they are written back: name, vendor_specific_configuration.project_ids")
			.contains("a sync of this record would refuse it: name:");

		// when: the export is synced as it is
		Cli.Result sync = run("--sync.inventory=" + export);

		// then: nothing of this machine is read into a request
		assertThat(sync.exitCode()).as(sync.all()).isEqualTo(SyncCommand.EXIT_NOT_IN_SYNC);
		assertThat(cortex.updates()).isEmpty();
		String everything = Files.readString(export) + result.all() + sync.all()
				+ Files.readString(dir.resolve("report.json")) + Tables.dump(repository());
		assertThat(everything).doesNotContain("local-file-content").doesNotContain(System.getenv("HOME") + "\"");
	}

	@Test
	void theIdsCanComeFromAnInventoryAndTheDefaultTemplateIsWrittenAsItIs() throws IOException {
		// given
		cortex.onRead("rc-1", json(simpleDefinition("rc-1")));
		Path inventory = Files.writeString(dir.resolve("partial.csv"), "connector_id,region\nrc-1,x\n");
		Path export = dir.resolve("adopted.json");

		// when
		Cli.Result result = run("--sync.export=" + export, "--sync.inventory=" + inventory);

		// then
		assertThat(result.exitCode()).as(result.all()).isZero();
		assertThat(Files.readString(export)).contains("\"password\":\"${file:secrets/rc-1/password}\"");
	}

	@Test
	void theTemplateFromAConfigurationFileIsWrittenAsItIs() throws IOException {
		// given
		cortex.onRead("rc_1", json(simpleDefinition("rc_1")));
		Path export = dir.resolve("file.ndjson");
		Path config = Files.writeString(dir.resolve("extra.yml"),
				"sync:\n  export-secret: \"${env:SECRET_{field}_{connector_id}}\"\n");

		// when
		Cli.Result result = run("--sync.export=" + export, "--sync.export-ids=" + ids("rc_1"),
				"--spring.config.additional-location=file:" + config);

		// then
		assertThat(result.exitCode()).as(result.all()).isZero();
		assertThat(Files.readString(export)).contains("\"password\":\"${env:SECRET_password_rc_1}\"");
	}

	@Test
	void theTemplateFromTheEnvironmentIsWrittenAsItIs() throws Exception {
		// given
		cortex.onRead("rc-1", json(simpleDefinition("rc-1")));
		Path export = dir.resolve("env.ndjson");

		// when
		Process child = ChildJvm.start(args("--sync.export=" + export, "--sync.export-ids=" + ids("rc-1")),
				Map.of("SYNC_EXPORT_SECRET", "${file:/vault/{connector_id}/{field}.txt}"), dir.resolve("env.log"));

		// then
		assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
		assertThat(child.exitValue()).as(Files.readString(dir.resolve("env.log"))).isZero();
		assertThat(Files.readString(export)).contains("\"password\":\"${file:/vault/rc-1/password.txt}\"")
			.contains("\"auth_token\":\"${file:/vault/rc-1/auth_token.txt}\"");
	}

	@ParameterizedTest
	@ValueSource(strings = { "${file:secrets/all/{field}}", "secrets/{connector_id}/{field}", "${vault:{connector_id}}",
			"${file:secrets/{connector_id}}" })
	void aTemplateThatIsNoReferenceOfItsOwnPerConnectorIsRefused(String template) throws IOException {
		// when
		Cli.Result result = run("--sync.export=" + dir.resolve("x.csv"), "--sync.export-ids=" + ids("rc-1"),
				"--sync.export-secret=" + template);

		// then
		assertThat(result.exitCode()).isEqualTo(SyncCommand.EXIT_CONFIGURATION);
		assertThat(result.err()).contains("sync.export-secret");
		assertThat(cortex.requests()).isEmpty();
	}

	@Test
	void anExportThatFindsNoConnectorWritesACsvThatReadsBackAsAnEmptyInventory() throws IOException {
		// given: Cortex knows neither id
		Path export = dir.resolve("none.csv");

		// when
		Cli.Result result = run("--sync.export=" + export, "--sync.export-ids=" + ids("rc-8", "rc-9"));
		Cli.Result plan = Cli.run(Stream
			.concat(repository().arguments().stream(), Stream.of("--sync.inventory=" + export, "--sync.dry-run=true"))
			.toArray(String[]::new));

		// then
		assertThat(result.exitCode()).isEqualTo(SyncCommand.EXIT_NOT_IN_SYNC);
		assertThat(Files.readString(export)).isEqualTo("connector_id\n");
		assertThat(plan.exitCode()).as(plan.all()).isZero();
		assertThat(plan.out()).contains("0 of 0 records");
	}

	@Test
	void aBadIdInTheIdsFileIsRefusedBeforeAnythingIsRead() throws IOException {
		// when
		Cli.Result result = run("--sync.export=" + dir.resolve("x.csv"), "--sync.export-ids=" + ids("rc-1", "a/../b"));

		// then
		assertThat(result.exitCode()).isEqualTo(SyncCommand.EXIT_CONFIGURATION);
		assertThat(result.err()).contains("ids.txt:4: connector id: ");
		assertThat(cortex.requests()).isEmpty();
	}

	@Test
	void anIdListedTwiceIsRefusedBeforeAnythingIsRead() throws IOException {
		// when
		Cli.Result result = run("--sync.export=" + dir.resolve("x.csv"),
				"--sync.export-ids=" + ids("rc-1", "rc-2", "rc-1"));

		// then
		assertThat(result.exitCode()).isEqualTo(SyncCommand.EXIT_CONFIGURATION);
		assertThat(result.err()).contains("ids.txt:5: rc-1 is listed already, at ids.txt:3");
		assertThat(cortex.requests()).isEmpty();
	}

	@Test
	void anInventoryHoldingAnIdTwiceIsRefusedBeforeAnythingIsRead() throws IOException {
		// given
		Path inventory = Files.writeString(dir.resolve("partial.csv"), "connector_id,region\nrc-1,x\nrc-2,x\nrc-1,y\n");

		// when
		Cli.Result result = run("--sync.export=" + dir.resolve("x.csv"), "--sync.inventory=" + inventory);

		// then
		assertThat(result.exitCode()).isEqualTo(SyncCommand.EXIT_CONFIGURATION);
		assertThat(result.err()).contains("partial.csv holds the same connector_id more than once (rc-1)");
		assertThat(cortex.requests()).isEmpty();
		assertThat(dir.resolve("x.csv")).doesNotExist();
	}

	@Test
	void aFileAlreadyThereIsReplacedOnlyWithExportOverwrite() throws IOException {
		// given: an inventory exported once and edited since
		cortex.onRead("rc-1", json(simpleDefinition("rc-1")));
		Path export = dir.resolve("adopted.csv");
		assertThat(run("--sync.export=" + export, "--sync.export-ids=" + ids("rc-1")).exitCode()).isZero();
		String edited = Files.readString(export).replace("us-east-1", "eu-west-1");
		Files.writeString(export, edited);
		int reads = cortex.reads().size();

		// when
		Cli.Result again = run("--sync.export=" + export, "--sync.export-ids=" + ids("rc-1"));

		// then: refused before any request, the edits kept
		assertThat(again.exitCode()).as(again.all()).isEqualTo(SyncCommand.EXIT_CONFIGURATION);
		assertThat(again.err()).contains("sync.export: " + export + " already exists, and an export does not "
				+ "replace a file unless sync.export-overwrite=true");
		assertThat(Files.readString(export)).isEqualTo(edited);
		assertThat(cortex.reads()).hasSize(reads);

		// when
		Cli.Result overwritten = run("--sync.export=" + export, "--sync.export-ids=" + ids("rc-1"),
				"--sync.export-overwrite=true");

		// then
		assertThat(overwritten.exitCode()).as(overwritten.all()).isZero();
		assertThat(Files.readString(export)).contains("us-east-1").doesNotContain("eu-west-1");
	}

	@Test
	void exportOverwriteWithoutAnExportIsAConfigurationError() throws IOException {
		// given
		Path inventory = Files.writeString(dir.resolve("c.csv"), "connector_id,region\nrc-1,x\n");

		// when
		Cli.Result result = run("--sync.inventory=" + inventory, "--sync.export-overwrite=true");

		// then
		assertThat(result.exitCode()).isEqualTo(SyncCommand.EXIT_CONFIGURATION);
		assertThat(result.err()).contains("sync.export-overwrite are for an export: set sync.export too");
	}

	@Test
	void aStagingFileCutSinceItsRunFailedStopsTheResumeRatherThanLoseConnectors() throws IOException {
		// given: an export that failed at rc-50 (the key rejected), rc-1 … rc-10 at least
		// committed to its staging file
		List<String> ids = new ArrayList<>();
		for (int i = 1; i <= 60; i++) {
			ids.add("rc-" + i);
			cortex.onRead("rc-" + i, json(simpleDefinition("rc-" + i)));
		}
		cortex.onRead("rc-50", aResponse().withStatus(401));
		Path export = dir.resolve("adopted.ndjson");
		String[] options = { "--sync.export=" + export, "--sync.export-ids=" + ids(ids.toArray(String[]::new)),
				"--sync.chunk-size=10", "--sync.rate-limit=100" };
		Cli.Result failed = run(options);
		assertThat(failed.exitCode()).as(failed.all()).isEqualTo(SyncCommand.EXIT_FAILED);
		Path staging = dir.resolve(".adopted.ndjson.staged.ndjson");
		assertThat(Files.size(staging)).isPositive();

		// when: the staging file is cut, and the same command runs again
		Files.write(staging, new byte[0]);
		cortex.onRead("rc-50", json(simpleDefinition("rc-50")));
		Cli.Result resumed = run(options);

		// then
		assertThat(resumed.exitCode()).as(resumed.all()).isEqualTo(SyncCommand.EXIT_FAILED);
		assertThat(resumed.all()).contains("holds 0 bytes, fewer than the")
			.contains("put it back, or export to another file, which is a new run");
		assertThat(export).doesNotExist();
	}

	@Test
	void readsStayWithinTheRateLimitInEverySecond() throws IOException {
		// given
		List<String> ids = new ArrayList<>();
		for (int i = 1; i <= 30; i++) {
			ids.add("rc-" + i);
			cortex.onRead("rc-" + i, json(simpleDefinition("rc-" + i)));
		}

		// when
		Cli.Result result = run("--sync.export=" + dir.resolve("x.csv"),
				"--sync.export-ids=" + ids(ids.toArray(String[]::new)), "--sync.rate-limit=8");

		// then
		assertThat(result.exitCode()).isZero();
		assertThat(cortex.reads()).hasSize(30);
		assertThat(cortex.busiestSecond()).isLessThanOrEqualTo(8);
		assertThat(readBack(dir.resolve("x.csv"))).hasSize(30).allMatch(MappingResult.Mapped.class::isInstance);
	}

	@Test
	void anExportKilledMidwayResumesReadsAgainAtMostTwoChunksAndWritesEveryConnectorOnce() throws Exception {
		// given: 200 ids, Cortex answering after 40 ms
		List<String> ids = new ArrayList<>();
		for (int i = 1; i <= 200; i++) {
			ids.add("rc-" + i);
			cortex.onRead("rc-" + i, json(simpleDefinition("rc-" + i)).withFixedDelay(40));
		}
		Path export = dir.resolve("adopted.ndjson");
		String[] options = { "--sync.export=" + export, "--sync.export-ids=" + ids(ids.toArray(String[]::new)),
				"--sync.chunk-size=10", "--sync.max-concurrency=4", "--sync.rate-limit=100" };
		Process process = ChildJvm.start(args(options), dir.resolve("killed.log"));

		// when: it is killed (SIGKILL) in the middle, then the same command runs again
		long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
		while (cortex.reads().size() < 60 && process.isAlive() && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		assertThat(process.isAlive()).as("still running when killed").isTrue();
		process.destroyForcibly().waitFor();
		boolean existedWhenKilled = Files.exists(export);
		List<String> committed = repository().rows("SELECT connector_id FROM sync_outcome")
			.stream()
			.map(row -> (String) row.get("CONNECTOR_ID"))
			.toList();
		Cli.Result resumed = run(options);

		// then
		assertThat(existedWhenKilled).as("the export file appears only once the export is done").isFalse();
		assertThat(resumed.exitCode()).as(resumed.all()).isZero();
		assertThat(resumed.out()).contains("Resuming run");
		assertThat(repository().count("SELECT COUNT(*) FROM sync_outcome WHERE outcome = 'EXPORTED'")).isEqualTo(200);
		List<String> lines = Files.readAllLines(export, StandardCharsets.UTF_8);
		assertThat(lines).extracting(line -> JSON.readTree(line).get("connector_id").asString())
			.containsExactlyElementsOf(ids);
		Map<String, Long> reads = cortex.reads()
			.stream()
			.collect(Collectors.groupingBy(FakeCortex::connectorId, Collectors.counting()));
		assertThat(committed).as("outcomes committed before the kill").isNotEmpty();
		assertThat(committed).allSatisfy(id -> assertThat(reads.get(id)).as(id).isOne());
		assertThat(reads.values().stream().filter(n -> n > 1).count())
			.as("only the chunk in flight and the chunk read ahead of it are read again")
			.isLessThanOrEqualTo(2 * 10);
	}

}
