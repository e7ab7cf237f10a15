package org.registrysync;

import java.util.OptionalInt;

import org.registrysync.job.StopSignal;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * registry-sync: makes the registry connectors of a Cortex tenant match an inventory
 * file. The process exit code tells automation how the run went (SPEC §3). The packaged
 * jar starts at {@link Main}, which checks the Java version first.
 */
@SpringBootApplication
public class RegistrySyncApplication {

	public static void main(String[] args) {
		System.exit(run(new SpringApplicationBuilder(RegistrySyncApplication.class).listeners(stopOnSignal()), args));
	}

	/**
	 * Runs the command in a fresh application context and returns the exit code.
	 * {@code --help}, {@code --version} and no arguments are answered without starting
	 * it. A failure to start (an invalid property, an unreachable job repository) is told
	 * in one line on standard error.
	 */
	public static int run(SpringApplicationBuilder builder, String... args) {
		OptionalInt answered = CommandLine.answer(args, System.out, System.err);
		if (answered.isPresent()) {
			return answered.getAsInt();
		}
		try (ConfigurableApplicationContext context = builder.run(args)) {
			return SpringApplication.exit(context);
		}
		catch (RuntimeException e) {
			StartupFailure failure = StartupFailure.of(e);
			System.err.println("registry-sync: " + failure.message());
			if (failure.unexpected()) {
				e.printStackTrace(System.err);
			}
			return failure.exitCode();
		}
	}

	/**
	 * SIGTERM and SIGINT stop the run gracefully, once the context is ready and before
	 * the run starts.
	 */
	private static ApplicationListener<ApplicationStartedEvent> stopOnSignal() {
		return started -> started.getApplicationContext().getBean(StopSignal.class).install();
	}

}
