package org.registrysync.support;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the command in a JVM of its own, as {@code java -jar} would, to kill it or signal
 * it.
 */
public final class ChildJvm {

	private ChildJvm() {
	}

	/**
	 * Starts {@code RegistrySyncApplication} with these arguments, its output going to
	 * {@code log}.
	 */
	public static Process start(List<String> args, Path log) throws IOException {
		return start(args, java.util.Map.of(), log);
	}

	/**
	 * Starts {@code RegistrySyncApplication} with these arguments and these environment
	 * variables besides this JVM's, its output going to {@code log}.
	 */
	public static Process start(List<String> args, java.util.Map<String, String> environment, Path log)
			throws IOException {
		List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(), "-cp",
				System.getProperty("java.class.path"), "org.registrysync.RegistrySyncApplication"));
		command.addAll(args);
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
		builder.environment().putAll(environment);
		return builder.start();
	}

}
