package org.registrysync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar as {@code java -jar} runs it: the version from its manifest, help and
 * usage without starting, and one line on a Java older than 21. Failsafe runs it after
 * {@code package}, when the jar exists.
 */
class PackagedJarSmokeTests {

	/** A Java 17 to run the jar with; the test of an old Java is skipped without it. */
	static final Path JAVA_17 = Path
		.of(System.getenv().getOrDefault("REGISTRY_SYNC_TEST_JAVA_17", "/usr/lib/jvm/java-17-openjdk-amd64/bin/java"));

	private static final Path JAR = Path.of("target/registry-sync.jar");

	private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

	@TempDir
	Path dir;

	record Run(int exitCode, String out, String err) {
	}

	private Run run(Path java, String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(java.toString(), "-jar", JAR.toAbsolutePath().toString()));
		command.addAll(List.of(args));
		Path out = dir.resolve("out.txt");
		Path err = dir.resolve("err.txt");
		Process process = new ProcessBuilder(command).directory(dir.toFile())
			.redirectOutput(out.toFile())
			.redirectError(err.toFile())
			.start();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
				Files.readString(err, StandardCharsets.UTF_8));
	}

	@Test
	void versionComesFromTheManifest() throws Exception {
		Run run = run(JAVA, "--version");

		assertThat(run.exitCode()).isZero();
		assertThat(run.out().strip()).matches("registry-sync \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
	}

	@Test
	void helpRunsNothing() throws Exception {
		Run run = run(JAVA, "--help", "--sync.inventory=connectors.csv");

		assertThat(run.exitCode()).isZero();
		assertThat(run.out()).contains("Exit codes:");
		assertThat(dir.resolve("data")).doesNotExist();
	}

	@Test
	void noArgumentsPrintTheUsage() throws Exception {
		Run run = run(JAVA);

		assertThat(run.exitCode()).isEqualTo(2);
		assertThat(run.err().lines().toList()).singleElement().asString().startsWith("registry-sync: usage: ");
	}

	@Test
	void anOldJavaIsToldInOneLine() throws Exception {
		if (!Files.isExecutable(JAVA_17)) {
			String notice = "the Java 17 test SKIPPED: no " + JAVA_17 + " (set REGISTRY_SYNC_TEST_JAVA_17)";
			System.err.println("*** " + notice);
			Assumptions.abort(notice);
		}

		Run run = run(JAVA_17, "--sync.inventory=connectors.csv", "--sync.dry-run=true");

		assertThat(run.exitCode()).isEqualTo(2);
		assertThat(run.err().lines().toList()).singleElement()
			.asString()
			.startsWith("registry-sync: needs Java 21 or newer, but runs on Java 17");
		assertThat(run.out()).isEmpty();
		assertThat(dir.resolve("data")).doesNotExist();
	}

}
