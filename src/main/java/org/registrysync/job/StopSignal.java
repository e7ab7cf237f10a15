package org.registrysync.job;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import sun.misc.Signal;

/**
 * A request to stop the run gracefully: SIGTERM (what Kubernetes and systemd send) or
 * SIGINT (Ctrl-C). The first signal stops sending new requests, lets those in flight
 * finish, rolls back the chunk in progress and ends the run STOPPED with exit code 1, so
 * that the same command resumes it. A second signal ends the process at once (exit 1);
 * committed work is safe either way. The handlers replace the JVM's default, which would
 * start shutting down while the run still uses the database. Thread-safe.
 */
public class StopSignal {

	private static final Logger log = LoggerFactory.getLogger(StopSignal.class);

	private final AtomicReference<@Nullable String> reason = new AtomicReference<>();

	private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

	/** Handles SIGTERM and SIGINT from now on. */
	public void install() {
		for (String name : List.of("TERM", "INT")) {
			Signal.handle(new Signal(name), signal -> request("SIG" + signal.getName()));
		}
	}

	/** Asks the run to stop; a second request ends the process at once. */
	public void request(String why) {
		if (reason.compareAndSet(null, why)) {
			log.warn("{} received: stopping after the requests in flight; run the same command again to resume", why);
			listeners.forEach(Runnable::run);
		}
		else {
			log.warn("{} received again: exiting now; run the same command again to resume", why);
			Runtime.getRuntime().halt(SyncCommand.EXIT_FAILED);
		}
	}

	/** Whether a stop was requested. */
	public boolean requested() {
		return reason.get() != null;
	}

	/** What asked for the stop, e.g. {@code SIGTERM}; {@code null} when nothing did. */
	public @Nullable String reason() {
		return reason.get();
	}

	/** Runs an action when a stop is requested (at once, if it already was). */
	public void onRequest(Runnable action) {
		listeners.add(action);
		if (requested()) {
			action.run();
		}
	}

}
