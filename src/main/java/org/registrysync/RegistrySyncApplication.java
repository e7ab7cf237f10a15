package org.registrysync;

import java.io.PrintStream;

import org.registrysync.job.StopSignal;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * registry-sync: makes the registry connectors of a Cortex tenant match an inventory
 * file. The process exit code tells automation how the run went (SPEC §3).
 */
@SpringBootApplication
public class RegistrySyncApplication {

	public static void main(String[] args) {
		SpringApplicationBuilder application = new SpringApplicationBuilder(RegistrySyncApplication.class)
			// SIGTERM and SIGINT stop the run gracefully, once the context is ready and
			// before the run starts.
			.listeners((ApplicationListener<ApplicationStartedEvent>) started -> started.getApplicationContext()
				.getBean(StopSignal.class)
				.install());
		System.exit(run(application, args));
	}

	/**
	 * Runs the command in a fresh application context and returns the exit code. A
	 * failure to start (an invalid property, an unreachable job repository) is told in
	 * one line on standard error.
	 */
	public static int run(SpringApplicationBuilder builder, String... args) {
		try (ConfigurableApplicationContext context = builder.run(args)) {
			return SpringApplication.exit(context);
		}
		catch (RuntimeException e) {
			StartupFailure failure = StartupFailure.of(e);
			PrintStream err = System.err;
			err.println("registry-sync: " + failure.message());
			if (failure.unexpected()) {
				e.printStackTrace(err);
			}
			return failure.exitCode();
		}
	}

}
