package org.registrysync.outcome;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * How a run ended, for the report and the summary.
 *
 * @param run the run
 * @param status the Spring Batch status of its last execution, e.g. {@code COMPLETED},
 * {@code FAILED}
 * @param exitCode the process exit code (SPEC §3)
 * @param startedAt when this execution started
 * @param finishedAt when it ended
 * @param counts records per outcome over the whole run, earlier executions included
 * @param failure why the run failed, in one line, or {@code null}
 */
public record RunResult(SyncRun run, String status, int exitCode, Instant startedAt, Instant finishedAt,
		Map<Outcome, Long> counts, @Nullable String failure) {

	public RunResult {
		counts = Map.copyOf(counts);
	}

	/** Records with an outcome. */
	public long recorded() {
		return counts.values().stream().mapToLong(Long::longValue).sum();
	}

}
