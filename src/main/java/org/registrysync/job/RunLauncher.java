package org.registrysync.job;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.job.parameters.JobParametersIncrementer;
import org.springframework.batch.core.job.parameters.JobParametersValidator;
import org.springframework.batch.core.launch.JobOperator;

/**
 * Finds the run a command belongs to ({@link RunPlanner}) and runs it to its end. The
 * run's first log line names it by its id, the job instance id that the summary, the
 * report and the outcome table use, which exists only once Spring Batch has created the
 * instance: so it is logged as the job starts.
 */
public class RunLauncher {

	private static final Logger log = LoggerFactory.getLogger(RunLauncher.class);

	private final RunPlanner planner;

	private final JobOperator jobOperator;

	private final Job job;

	private final String unit;

	public RunLauncher(RunPlanner planner, JobOperator jobOperator, Job job) {
		this(planner, jobOperator, job, "records");
	}

	/**
	 * @param unit what the run's source holds, as its first log line counts them:
	 * {@code records}, or {@code tenants} for a fleet
	 */
	public RunLauncher(RunPlanner planner, JobOperator jobOperator, Job job, String unit) {
		this.planner = planner;
		this.jobOperator = jobOperator;
		this.job = job;
		this.unit = unit;
	}

	/**
	 * Starts or resumes the run and waits for its end.
	 * @throws CannotStartException when Spring Batch refuses to start it
	 */
	public JobExecution launch(RunSource scan, Tenant tenant, RunMode mode) {
		RunPlan plan = planner.plan(scan, tenant.id(), mode);
		try {
			return jobOperator.start(new Announced(job, plan, unit), plan.parameters());
		}
		catch (Exception e) {
			throw new CannotStartException("cannot start the run: " + e.getMessage(), e);
		}
	}

	/** The job, announcing the run by its id as it starts. */
	private record Announced(Job job, RunPlan plan, String unit) implements Job {

		@Override
		public String getName() {
			return job.getName();
		}

		@Override
		public boolean isRestartable() {
			return job.isRestartable();
		}

		@Override
		public void execute(JobExecution execution) throws JobInterruptedException {
			RunSource scan = plan.source();
			MDC.put(RunRegistration.RUN_ID, Long.toString(execution.getJobInstance().getInstanceId()));
			log.info("{} run {} of {} ({} {}, sha256 {}; run key {}#{})", plan.resume() ? "Resuming" : "Starting",
					execution.getJobInstance().getInstanceId(), scan.displayName(), scan.records(), unit, scan.sha256(),
					plan.runKey(), plan.runSeq());
			job.execute(execution);
		}

		@Override
		public @Nullable JobParametersIncrementer getJobParametersIncrementer() {
			return job.getJobParametersIncrementer();
		}

		@Override
		public JobParametersValidator getJobParametersValidator() {
			return job.getJobParametersValidator();
		}

	}

	/** Spring Batch refused to start the run (exit 1). */
	public static class CannotStartException extends RuntimeException {

		CannotStartException(String message, Throwable cause) {
			super(message, cause);
		}

	}

}
