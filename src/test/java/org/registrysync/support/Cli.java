package org.registrysync.support;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.registrysync.RegistrySyncApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * Runs the whole command in this JVM, as {@code java -jar} would, and captures what it
 * prints. Runs are serialised: they share the process's standard streams.
 */
public final class Cli {

	private Cli() {
	}

	/**
	 * What one run of the command did.
	 *
	 * @param exitCode the process exit code it would have had
	 * @param out standard output (logs and the summary)
	 * @param err standard error (one-line failures)
	 */
	public record Result(int exitCode, String out, String err) {

		/** Everything printed. */
		public String all() {
			return out + err;
		}

	}

	/**
	 * The arguments of a run on this job repository against this Cortex: the
	 * repository's, these options, then the server's with the key.
	 */
	public static List<String> arguments(Repository repository, FakeCortex cortex, String apiKey, String... options) {
		List<String> args = new ArrayList<>(repository.arguments());
		args.addAll(List.of(options));
		args.addAll(cortex.arguments(apiKey));
		return args;
	}

	public static Result run(String... args) {
		return run(builder -> {
		}, args);
	}

	/** Runs with a customised application, e.g. to inject a fault into a bean. */
	public static synchronized Result run(Consumer<SpringApplicationBuilder> customizer, String... args) {
		PrintStream originalOut = System.out;
		PrintStream originalErr = System.err;
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		List<String> arguments = new ArrayList<>(List.of(args));
		arguments.add("--spring.main.register-shutdown-hook=false");
		int code;
		try (PrintStream capturedOut = new PrintStream(new Tee(out, originalOut), true, StandardCharsets.UTF_8);
				PrintStream capturedErr = new PrintStream(new Tee(err, originalErr), true, StandardCharsets.UTF_8)) {
			System.setOut(capturedOut);
			System.setErr(capturedErr);
			SpringApplicationBuilder builder = new SpringApplicationBuilder(RegistrySyncApplication.class);
			customizer.accept(builder);
			code = RegistrySyncApplication.run(builder, arguments.toArray(String[]::new));
		}
		finally {
			System.setOut(originalOut);
			System.setErr(originalErr);
		}
		return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	/** Keeps what is printed and still shows it in the test log. */
	private static final class Tee extends java.io.OutputStream {

		private final java.io.OutputStream first;

		private final java.io.OutputStream second;

		Tee(java.io.OutputStream first, java.io.OutputStream second) {
			this.first = first;
			this.second = second;
		}

		@Override
		public void write(int b) throws java.io.IOException {
			first.write(b);
			second.write(b);
		}

		@Override
		public void write(byte[] b, int off, int len) throws java.io.IOException {
			first.write(b, off, len);
			second.write(b, off, len);
		}

	}

}
