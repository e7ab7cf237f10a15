package org.registrysync.client;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** How the update of one connector ended. */
public sealed interface UpdateResult {

	/** Requests sent for this connector, retries included. */
	int attempts();

	/** When the first attempt started. */
	Instant startedAt();

	/** Time from the first attempt to the answer, waits included. */
	Duration duration();

	/**
	 * Cortex accepted the update (a 2xx).
	 *
	 * @param status the HTTP status
	 */
	record Applied(int status, int attempts, Instant startedAt, Duration duration) implements UpdateResult {
	}

	/**
	 * Cortex refused the update for good (400, 404 or another 4xx that is not about the
	 * key); never retried.
	 *
	 * @param status the HTTP status
	 * @param error what Cortex said
	 */
	record Refused(int status, CortexError error, int attempts, Instant startedAt,
			Duration duration) implements UpdateResult {
	}

	/**
	 * Every attempt failed with throttling, a server error or an I/O error.
	 *
	 * @param status the last HTTP status, or {@code null} when the last attempt got no
	 * answer
	 * @param error what went wrong last
	 */
	record GaveUp(@Nullable Integer status, CortexError error, int attempts, Instant startedAt,
			Duration duration) implements UpdateResult {
	}

}
