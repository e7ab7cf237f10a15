package org.registrysync.outcome;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One row of {@code sync_outcome}: the outcome of one inventory record in one run.
 *
 * @param jobInstanceId the run
 * @param jobExecutionId the execution of the run that recorded it
 * @param recordNumber 1-based position in the inventory
 * @param connectorId the id as written, cut to {@value #MAX_ID_LENGTH} characters;
 * {@code null} when the record had none
 * @param source {@code file:line}
 * @param outcome what happened
 * @param message the problems (one a line) or Cortex's error message; {@code null} when
 * all went well
 * @param httpStatus the last HTTP status from Cortex, if a request was sent
 * @param errorCode Cortex's error code, if it gave one
 * @param attempts requests sent for this record
 * @param durationMs time spent on this record, retries included
 * @param startedAt when work on the record began
 * @param finishedAt when its outcome was known
 * @param changes the field-level changes as the report's JSON array (SPEC §5), never a
 * secret value; {@code null} when not known
 * @param drift whether the live definition differed from what registry-sync last sent;
 * {@code null} when not compared live, or without a body in the ledger to compare with
 */
public record OutcomeRow(long jobInstanceId, long jobExecutionId, long recordNumber, @Nullable String connectorId,
		String source, Outcome outcome, @Nullable String message, @Nullable Integer httpStatus,
		@Nullable String errorCode, int attempts, long durationMs, Instant startedAt, Instant finishedAt,
		@Nullable String changes, @Nullable Boolean drift) {

	/** A row without a comparison. */
	public OutcomeRow(long jobInstanceId, long jobExecutionId, long recordNumber, @Nullable String connectorId,
			String source, Outcome outcome, @Nullable String message, @Nullable Integer httpStatus,
			@Nullable String errorCode, int attempts, long durationMs, Instant startedAt, Instant finishedAt) {
		this(jobInstanceId, jobExecutionId, recordNumber, connectorId, source, outcome, message, httpStatus, errorCode,
				attempts, durationMs, startedAt, finishedAt, null, null);
	}

	/** The longest connector id stored; longer (invalid) ids are cut. */
	public static final int MAX_ID_LENGTH = 300;

	/** The longest message stored; longer ones are cut. */
	public static final int MAX_MESSAGE_LENGTH = 4000;

	public OutcomeRow {
		if (recordNumber < 1 || attempts < 0 || durationMs < 0) {
			throw new IllegalArgumentException("recordNumber must be positive, attempts and durationMs not negative");
		}
		connectorId = cut(connectorId, MAX_ID_LENGTH);
		source = java.util.Objects.requireNonNull(cut(source, 1100));
		message = cut(message, MAX_MESSAGE_LENGTH);
		errorCode = cut(errorCode, 64);
		if (changes != null && !changes.startsWith("[")) {
			throw new IllegalArgumentException("changes is not a JSON array");
		}
	}

	private static @Nullable String cut(@Nullable String text, int limit) {
		if (text == null || text.length() <= limit) {
			return text;
		}
		return text.substring(0, limit - 1) + "…";
	}

}
