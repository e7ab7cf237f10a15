package org.registrysync.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.registrysync.support.Cli;
import org.registrysync.support.FakeCortex;
import org.registrysync.support.Repository;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import tools.jackson.databind.json.JsonMapper;

/**
 * The command's own interface, on an H2 file against a fake Cortex: its arguments, the
 * configuration it refuses before anything is sent, and the run id in its output.
 */
class CommandIntegrationTests {

	private static final String API_KEY = "key-0123456789abcdef";

	@TempDir
	Path dir;

	FakeCortex cortex;

	Path inventory;

	@BeforeEach
	void start() throws IOException {
		cortex = new FakeCortex();
		inventory = Files.writeString(dir.resolve("connectors.csv"),
				AbstractSyncIntegrationTests.HEADER + "rc-1,DOCKER,n,https://r.example,u,p,t,CLOUD,r,false,ALL\n"
						+ "rc-2,DOCKER,n,https://r.example,u,p,t,CLOUD,r,false,ALL\n");
	}

	@AfterEach
	void stop() {
		cortex.close();
	}

	private Repository repository() {
		return Repository.h2(dir);
	}

	/**
	 * The arguments of a real run (it sends), with {@code more} added or in place of
	 * those of the same names (a property given twice would be taken as a list).
	 */
	private String[] realRun(String... more) {
		List<String> args = new ArrayList<>(repository().arguments());
		args.add("--sync.inventory=" + inventory);
		args.addAll(cortex.arguments(API_KEY));
		for (String arg : more) {
			String name = arg.substring(0, arg.indexOf('=') + 1);
			args.removeIf(existing -> existing.startsWith(name));
			args.add(arg);
		}
		return args.toArray(String[]::new);
	}

	private static void assertOneLine(Cli.Result result, String start) {
		assertThat(result.err().lines().toList()).singleElement().asString().startsWith(start);
		assertThat(result.all()).doesNotContain("\tat ");
	}

	@Nested
	class Typos {

		@Test
		void onTheCommandLineStopTheRunBeforeAnythingIsSent() {
			// when
			Cli.Result result = Cli.run(realRun("--sync.dry-runn=true"));

			// then
			assertThat(result.exitCode()).isEqualTo(2);
			assertOneLine(result, "registry-sync: unknown property sync.dry-runn (command line); nothing was sent.");
			assertThat(result.err()).contains("Did you mean sync.dry-run?");
			assertThat(cortex.requests()).isEmpty();
		}

		@Test
		void ofTheDetailedExitCodeStopTheRunNamingIt() {
			// when: a dry run asking for its detailed exit code, one letter too many
			Cli.Result result = Cli.run(realRun("--sync.dry-run=true", "--sync.detailed-exit-codes=true"));

			// then
			assertThat(result.exitCode()).isEqualTo(2);
			assertOneLine(result,
					"registry-sync: unknown property sync.detailed-exit-codes (command line); nothing was sent.");
			assertThat(result.err()).contains("Did you mean sync.detailed-exit-code?");
			assertThat(cortex.requests()).isEmpty();
		}

		@Test
		void inTheEnvironmentStopTheRunBeforeAnythingIsSent() {
			// given: SYNC_DRY_RUNN=true among the environment variables
			StandardEnvironment environment = environmentWith("SYNC_DRY_RUNN", "true");

			// when
			Cli.Result result = Cli.run(builder -> builder.environment(environment), realRun());

			// then
			assertThat(result.exitCode()).isEqualTo(2);
			assertOneLine(result,
					"registry-sync: unknown property SYNC_DRY_RUNN (environment variable); nothing was sent.");
			assertThat(result.err()).contains("Did you mean SYNC_DRY_RUN (sync.dry-run)?");
			assertThat(cortex.requests()).isEmpty();
		}

		@Test
		void aRightlySpelledEnvironmentVariableIsTaken() {
			// given: SYNC_DRY_RUN=true
			StandardEnvironment environment = environmentWith("SYNC_DRY_RUN", "true");

			// when
			Cli.Result result = Cli.run(builder -> builder.environment(environment), realRun());

			// then
			assertThat(result.exitCode()).isZero();
			assertThat(result.out()).contains("(dry run)").contains("PLANNED 2");
			assertThat(cortex.updates()).isEmpty();
		}

		@Test
		void inAConfigurationFileStopTheRunNamingTheFileAndLine() throws IOException {
			// given
			Path config = Files.writeString(dir.resolve("application.yml"),
					"sync:\n  rate-limit: 4\n  dry-runn: true\n");

			// when
			Cli.Result result = Cli.run(realRun("--spring.config.additional-location=file:" + config));

			// then
			assertThat(result.exitCode()).isEqualTo(2);
			assertOneLine(result, "registry-sync: unknown property sync.dry-runn (");
			assertThat(result.err()).contains("application.yml")
				.contains(" - 3:")
				.contains("Did you mean sync.dry-run?");
			assertThat(cortex.requests()).isEmpty();
		}

		@Test
		void inAMountedSecretDirectoryStopTheRun() throws IOException {
			// given: a configtree file named after a property, mistyped
			Path secrets = Files.createDirectories(dir.resolve("secrets"));
			Files.writeString(secrets.resolve("cortex.api-keyy"), "other-key-0123456789");

			// when
			Cli.Result result = Cli.run(realRun("--spring.config.import=optional:configtree:" + secrets + "/"));

			// then
			assertThat(result.exitCode()).isEqualTo(2);
			assertOneLine(result, "registry-sync: unknown property cortex.api-keyy (");
			assertThat(result.err()).contains("Did you mean cortex.api-key?").doesNotContain("other-key");
			assertThat(cortex.requests()).isEmpty();
		}

	}

	/**
	 * {@code sync.detailed-exit-code=true}: a dry run tells pending changes (4) from none
	 * (0); nothing else changes.
	 */
	@Nested
	class DetailedExitCode {

		private static final String DETAILED = "--sync.detailed-exit-code=true";

		private static final String DRY_RUN = "--sync.dry-run=true";

		@Test
		void aDryRunWithPlannedRecordsExitsFour() throws IOException {
			// given
			Path report = dir.resolve("report.json");

			// when
			Cli.Result result = Cli.run(realRun(DRY_RUN, DETAILED, "--sync.report=" + report));

			// then
			assertThat(result.exitCode()).isEqualTo(4);
			assertThat(result.out()).contains("PLANNED 2").contains("exit code 4");
			assertThat(result.err()).isEmpty();
			assertThat(JsonMapper.builder().build().readTree(report.toFile()).get("run").get("exit_code").intValue())
				.isEqualTo(4);
			assertThat(cortex.updates()).isEmpty();
		}

		@Test
		void theSameDryRunAfterASyncFindsEverythingUnchangedAndExitsZero() throws IOException {
			// given: a sync, so that the ledger holds both connectors as sent
			assertThat(Cli.run(realRun()).exitCode()).isZero();
			Path report = dir.resolve("report.json");

			// when
			Cli.Result result = Cli.run(realRun(DRY_RUN, DETAILED, "--sync.report=" + report));

			// then
			assertThat(result.exitCode()).isZero();
			assertThat(result.out()).contains("UNCHANGED 2").contains("PLANNED 0").contains("exit code 0");
			assertThat(JsonMapper.builder().build().readTree(report.toFile()).get("run").get("exit_code").intValue())
				.isZero();
			assertThat(cortex.updates()).hasSize(2);
		}

		@Test
		void aDryRunWithAnInvalidRecordStillExitsThree() throws IOException {
			// given: one connector planned, one invalid
			Files.writeString(inventory,
					AbstractSyncIntegrationTests.HEADER + "rc-1,DOCKER,n,https://r.example,u,p,t,CLOUD,r,false,ALL\n"
							+ "rc-2,QUAY,n,https://r.example,u,p,t,CLOUD,r,false,ALL\n");

			// when
			Cli.Result result = Cli.run(realRun(DRY_RUN, DETAILED));

			// then
			assertThat(result.exitCode()).isEqualTo(3);
			assertThat(result.out()).contains("PLANNED 1").contains("INVALID 1").contains("exit code 3");
		}

		@Test
		void withoutItADryRunWithPlannedRecordsExitsZero() {
			// when
			Cli.Result result = Cli.run(realRun(DRY_RUN));

			// then
			assertThat(result.exitCode()).isZero();
			assertThat(result.out()).contains("PLANNED 2").contains("exit code 0");
		}

		@Test
		void aRealSyncIgnoresIt() {
			// when
			Cli.Result result = Cli.run(realRun(DETAILED));

			// then
			assertThat(result.exitCode()).isZero();
			assertThat(result.out()).contains("UPDATED 2").contains("exit code 0");
			assertThat(cortex.updates()).hasSize(2);
		}

	}

	@Nested
	class BaseUrl {

		@ParameterizedTest
		@ValueSource(strings = { "https://admin:s3cr3t-pw@api-example.test", "https://admin@api-example.test",
				"ftp://admin:s3cr3t-pw@api-example.test" })
		void withCredentialsIsRefusedWithoutEchoingIt(String baseUrl) {
			Cli.Result result = Cli.run(realRun("--cortex.base-url=" + baseUrl));

			assertThat(result.exitCode()).isEqualTo(2);
			assertOneLine(result, "registry-sync: cortex.base-url must not carry credentials");
			assertThat(result.all()).doesNotContain("s3cr3t-pw").doesNotContain("admin");
			assertThat(cortex.requests()).isEmpty();
		}

		@ParameterizedTest
		@ValueSource(strings = { "https://api-example.test?tenant=1", "https://api-example.test/?a=b",
				"https://api-example.test#top" })
		void withAQueryOrFragmentIsRefused(String baseUrl) {
			Cli.Result result = Cli.run(realRun("--cortex.base-url=" + baseUrl));

			assertThat(result.exitCode()).isEqualTo(2);
			assertOneLine(result,
					"registry-sync: cortex.base-url is the https://api-{fqdn} part only, without a query");
			assertThat(cortex.requests()).isEmpty();
		}

		@Test
		void thatIsNoUrlIsRefusedWithoutEchoingIt() {
			Cli.Result result = Cli.run(realRun("--cortex.base-url=https://admin:s3cr3t@[api-example.test"));

			assertThat(result.exitCode()).isEqualTo(2);
			assertOneLine(result, "registry-sync: invalid value for cortex.base-url: ");
			assertThat(result.all()).doesNotContain("cr3t");
		}

	}

	@Nested
	class Arguments {

		@ParameterizedTest
		@ValueSource(strings = { "--help", "-h" })
		void helpTellsWhatTheToolDoesAndRunsNothing(String help) {
			// when: help among the arguments of a real run
			Cli.Result result = Cli.run(Stream.concat(Stream.of(realRun()), Stream.of(help)).toArray(String[]::new));

			// then
			assertThat(result.exitCode()).isZero();
			assertThat(result.out()).contains("Usage: java -jar registry-sync.jar --sync.inventory=FILE")
				.contains("--sync.dry-run=true")
				.contains("--cortex.base-url=URL")
				.contains("Exit codes:")
				.contains("README.md");
			assertThat(result.err()).isEmpty();
			assertThat(cortex.requests()).isEmpty();
			assertThat(dir.resolve("repository.mv.db")).doesNotExist();
		}

		@Test
		void versionPrintsTheVersion() {
			Cli.Result result = Cli.run("--version");

			assertThat(result.exitCode()).isZero();
			assertThat(result.out().strip()).matches("registry-sync \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
		}

	}

	@Nested
	class JobRepository {

		@ParameterizedTest
		@ValueSource(strings = { ";AUTO_SERVER=TRUE", ";auto_server=true;WRITE_DELAY=0" })
		void anH2FileInServerModeIsRefused(String settings) {
			Cli.Result result = Cli
				.run(realRun("--spring.datasource.url=jdbc:h2:file:" + dir.resolve("auto") + settings));

			assertThat(result.exitCode()).isEqualTo(2);
			assertOneLine(result, "registry-sync: spring.datasource.url: an H2 database in server mode");
			assertThat(result.err()).contains("jdbc:postgresql://");
			assertThat(cortex.requests()).isEmpty();
		}

		@ParameterizedTest
		@ValueSource(strings = { "jdbc:h2:tcp://127.0.0.1:1/registry-sync", "jdbc:h2:ssl://127.0.0.1:1/registry-sync" })
		void anH2ServerIsRefused(String url) {
			Cli.Result result = Cli.run(realRun("--spring.datasource.url=" + url));

			assertThat(result.exitCode()).isEqualTo(2);
			assertOneLine(result, "registry-sync: spring.datasource.url: an H2 database in server mode");
			assertThat(cortex.requests()).isEmpty();
		}

		@Test
		void repeatedRunsLeaveNoStackTracesInTheH2TraceFile() {
			// when
			Cli.Result first = Cli.run(realRun("--sync.dry-run=true"));
			Cli.Result second = Cli.run(realRun("--sync.dry-run=true"));

			// then
			assertThat(first.exitCode()).isZero();
			assertThat(second.exitCode()).isZero();
			// (H2 2.4.240 may also trace an assertion of its own when it compacts the
			// file at
			// close, with -ea only, as in tests.)
			Path trace = dir.resolve("repository.trace.db");
			if (Files.exists(trace)) {
				assertThat(trace).content().doesNotContain("already exists");
			}
		}

	}

	@Test
	void everyLineNamesTheRunByTheSameId() {
		// given: a first run, so that the second's id and sequence number differ
		Cli.run(realRun("--sync.dry-run=true", "--sync.full=true"));

		// when
		Cli.Result result = Cli.run(realRun());

		// then
		Matcher started = Pattern.compile("Starting run (\\d+) of connectors.csv").matcher(result.out());
		Matcher summary = Pattern.compile("registry-sync run (\\d+) COMPLETED").matcher(result.out());
		assertThat(started.find()).as(result.out()).isTrue();
		assertThat(summary.find()).as(result.out()).isTrue();
		assertThat(started.group(1)).isEqualTo(summary.group(1)).isEqualTo("2");
		assertThat(result.out()).contains("run key ");
	}

	/** This process's environment variables, and one more. */
	static StandardEnvironment environmentWith(String name, String value) {
		Map<String, Object> variables = new HashMap<>(System.getenv());
		variables.put(name, value);
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
		return environment;
	}

}
