package org.registrysync.client;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.node.ObjectNode;

/**
 * How reading one connector's live definition ended ({@link CortexClient#fetch}).
 */
public sealed interface FetchResult {

	/**
	 * The fields of a definition that hold secrets. Whatever Cortex answers for them (a
	 * mask, nothing, or the value) is dropped from a {@link Found} definition: a secret
	 * cannot be read back, and what stands in its place must not reach a log, a report or
	 * an export. Only these top-level fields are dropped; every other field is kept as
	 * Cortex wrote it.
	 */
	List<String> SECRET_FIELDS = List.of("password", "auth_token");

	/** Requests sent for this connector, retries included. */
	int attempts();

	/** When the first attempt started. */
	Instant startedAt();

	/** Time from the first attempt to the answer, waits included. */
	Duration duration();

	/**
	 * Cortex answered with the connector's definition (a 2xx whose body is a JSON
	 * object).
	 *
	 * @param definition the definition, a copy of which is taken, without the
	 * {@link #SECRET_FIELDS}; {@link #definition()} returns a copy too, so that no caller
	 * changes what another reads. {@link #toString()} names its fields and shows no
	 * value.
	 */
	record Found(ObjectNode definition, int attempts, Instant startedAt, Duration duration,
			long turn) implements FetchResult {

		public Found {
			definition = definition.deepCopy();
			definition.remove(SECRET_FIELDS);
		}

		@Override
		public ObjectNode definition() {
			return definition.deepCopy();
		}

		@Override
		public String toString() {
			return "Found[definition=(fields " + definition.propertyNames() + "), attempts=" + attempts + ", startedAt="
					+ startedAt + ", duration=" + duration + "]";
		}

	}

	/**
	 * Cortex has no connector with this id (404); never retried.
	 *
	 * @param error what Cortex said
	 */
	record NotFound(CortexError error, int attempts, Instant startedAt, Duration duration) implements FetchResult {
	}

	/**
	 * Cortex refused the read for good (400 or another 4xx that is not about the key and
	 * not a 404); never retried.
	 *
	 * @param status the HTTP status
	 * @param error what Cortex said
	 */
	record Refused(int status, CortexError error, int attempts, Instant startedAt,
			Duration duration) implements FetchResult {
	}

	/**
	 * Cortex answered a 2xx whose body is no definition: empty, not JSON, JSON but not an
	 * object, or longer than {@link CortexTransport#MAX_DEFINITION} (then nothing of it
	 * is kept, rather than a cut JSON). Never retried. The message says which, and quotes
	 * nothing of the body.
	 *
	 * @param status the HTTP status
	 * @param error what is wrong with the body
	 */
	record Unreadable(int status, CortexError error, int attempts, Instant startedAt,
			Duration duration) implements FetchResult {
	}

	/**
	 * Every attempt failed with throttling, a server error or an I/O error.
	 *
	 * @param status the last HTTP status, or {@code null} when the last attempt got no
	 * answer
	 * @param error what went wrong last
	 */
	record GaveUp(@Nullable Integer status, CortexError error, int attempts, Instant startedAt,
			Duration duration) implements FetchResult {
	}

}
