package org.registrysync.job;

import java.time.Clock;

import org.registrysync.outcome.RunRepository;
import org.registrysync.outcome.SyncRun;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.slf4j.MDC;
import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * Records a new run in {@code sync_run} when its first execution starts, so that a re-run
 * can find it.
 */
public class RunRegistration implements JobExecutionListener {

	/** The MDC key of the run id. */
	public static final String RUN_ID = "run.id";

	private final RunRepository runs;

	private final Clock clock;

	public RunRegistration(RunRepository runs, Clock clock) {
		this.runs = runs;
		this.clock = clock;
	}

	@Override
	public void beforeJob(JobExecution execution) {
		long instanceId = execution.getJobInstance().getInstanceId();
		// Every log line of the run carries its id (structured logging shows it as
		// run.id).
		MDC.put(RUN_ID, Long.toString(instanceId));
		if (runs.find(instanceId).isPresent()) {
			return;
		}
		JobParameters parameters = execution.getJobParameters();
		RunParameters run = RunParameters.of(parameters);
		runs.insert(new SyncRun(instanceId, parameters.getString(RunPlan.RUN_KEY), parameters.getLong(RunPlan.RUN_SEQ),
				run.inventory().toString(), run.sha256(), run.tenant(), run.mode().dryRun(), run.records(),
				clock.instant()));
	}

}
