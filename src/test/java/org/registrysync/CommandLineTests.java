package org.registrysync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

/** What the command answers without starting: help, version, no arguments. */
class CommandLineTests {

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	private OptionalInt answer(String... args) {
		return CommandLine.answer(args, new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8));
	}

	@Test
	void noArgumentsPrintTheUsageAndExitTwo() {
		assertThat(answer()).hasValue(2);
		assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
		assertThat(err.toString(StandardCharsets.UTF_8).lines().toList()).singleElement()
			.asString()
			.startsWith("registry-sync: usage: java -jar registry-sync.jar --sync.inventory=FILE")
			.contains("--help");
	}

	@Test
	void otherArgumentsRunTheApplication() {
		assertThat(answer("--sync.inventory=connectors.csv", "--sync.only=--help-desk")).isEmpty();
		assertThat(out.size() + err.size()).isZero();
	}

	@Test
	void helpListsEveryExitCode() {
		assertThat(answer("--help")).hasValue(0);
		assertThat(out.toString(StandardCharsets.UTF_8)).containsPattern("(?m)^  0  every connector in sync")
			.containsPattern("(?m)^  1  ")
			.containsPattern("(?m)^  2  ")
			.containsPattern("(?m)^  3  ")
			.containsPattern("(?m)^  4  with sync.detailed-exit-code=true only");
	}

}
