package org.registrysync.job;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.registrysync.outcome.FleetResult;
import org.registrysync.outcome.ReportWriter;
import org.registrysync.outcome.RunResult;
import org.registrysync.outcome.SummaryPrinter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.dao.DataAccessException;
import tools.jackson.core.JacksonException;

/**
 * What follows a fleet run: a row per tenant from its partition's last step execution (in
 * this execution of the fleet run or, for a tenant that completed before it was resumed,
 * an earlier one), the fleet's exit code, the summary, the report and a line on standard
 * error for each tenant that did not complete. The exit code is the worst of the
 * tenants': 2 over 1 over 3 over 4 over 0 (SPEC §7).
 */
public class FleetFinisher {

	private static final Logger log = LoggerFactory.getLogger(FleetFinisher.class);

	private final JobRepository jobRepository;

	private final RunFinisher runFinisher;

	private final SummaryPrinter summary;

	private final ReportWriter reports;

	private final @Nullable Path report;

	private final int defaultRateLimit;

	private final PrintStream out = System.out;

	private final PrintStream err = System.err;

	public FleetFinisher(JobRepository jobRepository, RunFinisher runFinisher, SummaryPrinter summary,
			ReportWriter reports, SyncProperties sync) {
		this.jobRepository = jobRepository;
		this.runFinisher = runFinisher;
		this.summary = summary;
		this.reports = reports;
		this.report = sync.report();
		this.defaultRateLimit = sync.rateLimit();
	}

	/** Tells how the fleet run went and returns its exit code. */
	public int finish(JobExecution execution, Path fleetFile, String shard, List<FleetMembers.Member> members) {
		JobInstance instance = execution.getJobInstance();
		List<FleetResult.Tenant> rows = new ArrayList<>();
		int code = SyncCommand.EXIT_OK;
		for (FleetMembers.Member member : members) {
			FleetResult.Tenant row = row(instance, execution, member);
			rows.add(row);
			code = worse(code, row.exitCode());
		}
		if (execution.getStatus() != BatchStatus.COMPLETED && code != SyncCommand.EXIT_CONFIGURATION) {
			// Whatever else went wrong, the fleet run did not complete: it is resumable.
			code = SyncCommand.EXIT_FAILED;
		}
		FleetResult result = new FleetResult(instance.getInstanceId(), fleetFile.toString(), shard,
				execution.getStatus().name(), code, RunFinisher.instant(execution.getStartTime()),
				RunFinisher.instant(execution.getEndTime()), rows);
		summary.printFleet(out, result);
		if (report != null) {
			try {
				reports.writeFleet(report, result);
				log.info("Report written to {}", report);
			}
			catch (IOException | UncheckedIOException | JacksonException | DataAccessException e) {
				err.println("registry-sync: cannot write the report " + report + ": " + e.getMessage());
				return SyncCommand.EXIT_FAILED;
			}
		}
		for (FleetResult.Tenant row : rows) {
			if (row.exitCode() == SyncCommand.EXIT_FAILED || row.exitCode() == SyncCommand.EXIT_CONFIGURATION) {
				err.println("registry-sync: tenant " + row.name() + ": exit code " + row.exitCode()
						+ (row.problem() == null ? "" : ": " + row.problem()) + "; re-run the same command to "
						+ (row.exitCode() == SyncCommand.EXIT_FAILED ? "resume it" : "sync it once this is fixed"));
			}
		}
		return code;
	}

	private FleetResult.Tenant row(JobInstance instance, JobExecution execution, FleetMembers.Member member) {
		String name = member.tenant().name();
		int rateLimit = member.context() != null ? member.context().sync().rateLimit()
				: member.tenant().rateLimit() != null ? member.tenant().rateLimit() : defaultRateLimit;
		StepExecution step = jobRepository.getLastStepExecution(instance, "tenant:" + name);
		if (step == null) {
			return new FleetResult.Tenant(name, member.tenant().baseUrl().toString(), SyncCommand.EXIT_FAILED, null, 0,
					null, rateLimit, "the fleet run ended before it began this tenant", false);
		}
		ExecutionContext context = step.getExecutionContext();
		boolean synced = step.getJobExecutionId() == execution.getId();
		int code = context.containsKey(TenantStep.EXIT_CODE) ? context.getInt(TenantStep.EXIT_CODE)
				: SyncCommand.EXIT_FAILED;
		String problem = context.containsKey(TenantStep.PROBLEM) ? context.getString(TenantStep.PROBLEM) : null;
		if (!context.containsKey(TenantStep.EXIT_CODE) && problem == null) {
			String description = step.getExitStatus().getExitDescription();
			problem = description.isBlank() ? "its step ended " + step.getStatus() : description.split("\n", 2)[0];
		}
		RunResult run = null;
		if (context.containsKey(TenantStep.RUN_ID)) {
			JobInstance runInstance = jobRepository.getJobInstance(context.getLong(TenantStep.RUN_ID));
			JobExecution last = runInstance == null ? null : jobRepository.getLastJobExecution(runInstance);
			run = last == null ? null : runFinisher.result(last, null);
		}
		TenantContext tenant = member.context();
		return new FleetResult.Tenant(name, member.tenant().baseUrl().toString(), code, run,
				synced && tenant != null ? tenant.requests() : 0,
				synced && tenant != null ? tenant.achievedRate() : null, rateLimit, problem, synced);
	}

	/** The worse of two exit codes: 2 over 1 over 3 over 4 over 0. */
	static int worse(int a, int b) {
		return rank(a) >= rank(b) ? a : b;
	}

	private static int rank(int code) {
		return switch (code) {
			case SyncCommand.EXIT_CONFIGURATION -> 4;
			case SyncCommand.EXIT_FAILED -> 3;
			case SyncCommand.EXIT_NOT_IN_SYNC -> 2;
			case SyncCommand.EXIT_CHANGES_PENDING -> 1;
			default -> 0;
		};
	}

}
