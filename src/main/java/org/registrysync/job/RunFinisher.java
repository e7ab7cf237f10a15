package org.registrysync.job;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.registrysync.client.CortexFatalException;
import org.registrysync.inventory.InventoryException;
import org.registrysync.outcome.Outcome;
import org.registrysync.outcome.OutcomeRepository;
import org.registrysync.outcome.ReportWriter;
import org.registrysync.outcome.RunRepository;
import org.registrysync.outcome.RunResult;
import org.registrysync.outcome.SummaryPrinter;
import org.registrysync.outcome.SyncRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.dao.DataAccessException;

import tools.jackson.core.JacksonException;

/**
 * What follows a run, however it ended: its exit code (SPEC §3, and §5 for
 * {@code sync.detailed-exit-code}), the run-duration metric, the summary on standard
 * output, the report ({@code sync.report}) and, for a run that failed or stopped, one
 * line on standard error. The summary and the report cover the whole run, from its first
 * execution.
 */
public class RunFinisher {

	private static final Logger log = LoggerFactory.getLogger(RunFinisher.class);

	private final RunRepository runs;

	private final OutcomeRepository outcomes;

	private final SummaryPrinter summary;

	private final ReportWriter reports;

	private final SyncMetrics metrics;

	private final @Nullable Path report;

	private final boolean detailedExitCode;

	private final PrintStream out = System.out;

	private final PrintStream err = System.err;

	public RunFinisher(RunRepository runs, OutcomeRepository outcomes, SummaryPrinter summary, ReportWriter reports,
			SyncMetrics metrics, SyncProperties sync) {
		this.runs = runs;
		this.outcomes = outcomes;
		this.summary = summary;
		this.reports = reports;
		this.metrics = metrics;
		this.report = sync.report();
		this.detailedExitCode = sync.detailedExitCode();
	}

	/** Tells how the run went and returns the exit code. */
	public int finish(JobExecution execution) {
		RunResult result = result(execution, metrics);
		long instanceId = result.run().jobInstanceId();
		int code = result.exitCode();
		BatchStatus status = execution.getStatus();
		String failure = result.failure();
		summary.print(out, result);
		if (report != null) {
			try {
				reports.write(report, result);
				log.info("Report written to {}", report);
			}
			catch (IOException | UncheckedIOException | JacksonException | DataAccessException e) {
				err.println("registry-sync: cannot write the report " + report + ": " + e.getMessage());
				return SyncCommand.EXIT_FAILED;
			}
		}
		if (code == SyncCommand.EXIT_FAILED) {
			err.println("registry-sync: run " + instanceId + " " + status + (failure == null ? "" : ": " + failure)
					+ "; re-run the same command to resume it");
		}
		return code;
	}

	/**
	 * How a run ended, as the job repository has it, with its exit code; the run-duration
	 * metric is recorded and a failure the one-line message does not explain is logged
	 * with its stack trace.
	 * @param metrics the meters of the run's tenant; {@code null} to record nothing, for
	 * a run that ended before
	 */
	public RunResult result(JobExecution execution, @Nullable SyncMetrics metrics) {
		long instanceId = execution.getJobInstance().getInstanceId();
		SyncRun run = runs.find(instanceId)
			.orElseThrow(() -> new IllegalStateException("run " + instanceId + " was not registered"));
		Map<Outcome, Long> counts = outcomes.counts(instanceId);
		BatchStatus status = execution.getStatus();
		String failure = failure(execution);
		for (Throwable exception : execution.getAllFailureExceptions()) {
			if (!expected(exception)) {
				log.error("Run {} failed", instanceId, exception);
			}
		}
		int code = exitCode(status, counts, run.dryRun() && detailedExitCode);
		if (metrics != null) {
			metrics.finished(status.name(),
					Duration.between(instant(execution.getStartTime()), instant(execution.getEndTime())));
		}
		return new RunResult(run, status.name(), code, run.createdAt(), instant(execution.getEndTime()), counts,
				failure);
	}

	/**
	 * The exit code of a run (SPEC §3).
	 * @param detailed whether PLANNED records make a run that is otherwise in sync exit
	 * {@link SyncCommand#EXIT_CHANGES_PENDING}: a dry run with
	 * {@code sync.detailed-exit-code=true}
	 */
	private static int exitCode(BatchStatus status, Map<Outcome, Long> counts, boolean detailed) {
		if (status != BatchStatus.COMPLETED) {
			return SyncCommand.EXIT_FAILED;
		}
		boolean inSync = counts.entrySet().stream().allMatch(e -> e.getKey().inSync() || e.getValue() == 0);
		if (!inSync) {
			return SyncCommand.EXIT_NOT_IN_SYNC;
		}
		boolean pending = counts.getOrDefault(Outcome.PLANNED, 0L) > 0;
		return detailed && pending ? SyncCommand.EXIT_CHANGES_PENDING : SyncCommand.EXIT_OK;
	}

	/**
	 * Whether a failure is one the one-line message fully explains, so that its stack
	 * trace helps nobody.
	 */
	private static boolean expected(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (ours(cause)) {
				return true;
			}
		}
		return false;
	}

	private static boolean ours(Throwable cause) {
		return cause instanceof InventoryException || cause instanceof CortexFatalException
				|| cause instanceof JobInterruptedException;
	}

	/**
	 * Why a run failed, in one line: the first of our own exceptions in the chain, else
	 * the root cause.
	 */
	private static @Nullable String failure(JobExecution execution) {
		List<Throwable> failures = execution.getAllFailureExceptions();
		if (failures.isEmpty()) {
			return null;
		}
		Throwable root = failures.getFirst();
		for (Throwable cause = root; cause != null; cause = cause.getCause()) {
			if (ours(cause)) {
				return cause.getMessage();
			}
			root = cause;
		}
		return root.getMessage() != null ? root.getMessage().split("\n", 2)[0] : root.getClass().getSimpleName();
	}

	static Instant instant(@Nullable LocalDateTime time) {
		return time == null ? Instant.now() : time.atZone(ZoneId.systemDefault()).toInstant();
	}

}
