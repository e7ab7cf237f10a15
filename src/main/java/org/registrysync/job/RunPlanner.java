package org.registrysync.job;

import java.time.LocalDateTime;
import java.util.Optional;

import org.registrysync.client.Sha256;
import org.registrysync.outcome.RunRepository;
import org.registrysync.outcome.SyncRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

/**
 * Finds the run a command belongs to. The run is identified by a key over the inventory's
 * content hash, the tenant and the mode, plus a sequence number: re-running after a
 * failed, stopped or killed run resumes it; re-running after a completed run starts the
 * next one. This avoids job parameter incrementers, whose "next instance" ignores what
 * the run is about.
 */
public class RunPlanner {

	private static final Logger log = LoggerFactory.getLogger(RunPlanner.class);

	private final RunRepository runs;

	private final JobRepository jobRepository;

	private final JobOperator jobOperator;

	public RunPlanner(RunRepository runs, JobRepository jobRepository, JobOperator jobOperator) {
		this.runs = runs;
		this.jobRepository = jobRepository;
		this.jobOperator = jobOperator;
	}

	public RunPlan plan(RunSource scan, String tenant, RunMode mode) {
		String runKey = runKey(scan.sha256(), tenant, mode.key());
		Optional<SyncRun> latest = runs.latest(runKey);
		if (latest.isEmpty()) {
			return new RunPlan(runKey, 1, false, scan, tenant, mode);
		}
		SyncRun run = latest.get();
		JobInstance instance = jobRepository.getJobInstance(run.jobInstanceId());
		JobExecution last = (instance != null) ? jobRepository.getLastJobExecution(instance) : null;
		if (last == null) {
			return new RunPlan(runKey, run.runSeq(), true, scan, tenant, mode);
		}
		BatchStatus status = last.getStatus();
		if (status == BatchStatus.COMPLETED || status == BatchStatus.ABANDONED) {
			return new RunPlan(runKey, run.runSeq() + 1, false, scan, tenant, mode);
		}
		if (status.isRunning()) {
			// The process that ran it is gone: the run lock is held, so no other process
			// runs it.
			log.warn("Run {} was left {} by a process that ended without finishing it; recovering it",
					run.jobInstanceId(), status);
			jobOperator.recover(last);
		}
		repairUnknown(last);
		log.info("Resuming run {} (execution {} ended {})", run.jobInstanceId(), last.getId(), status);
		return new RunPlan(runKey, run.runSeq(), true, scan, tenant, mode);
	}

	/**
	 * Spring Batch marks an execution UNKNOWN when it could not save its state (the
	 * database went away during a commit) and refuses to restart it. Since the reader's
	 * position and the outcomes commit in one transaction, the last commit is consistent:
	 * such an execution is marked FAILED so that it resumes from there.
	 */
	private void repairUnknown(JobExecution last) {
		JobExecution execution = jobRepository.getJobExecution(last.getId());
		if (execution == null) {
			return;
		}
		for (StepExecution step : execution.getStepExecutions()) {
			if (step.getStatus() == BatchStatus.UNKNOWN || step.getStatus().isRunning()) {
				log.warn("Step {} of run {} was left {}; marking it FAILED to resume it", step.getStepName(),
						execution.getJobInstance().getInstanceId(), step.getStatus());
				step.setStatus(BatchStatus.FAILED);
				step.setExitStatus(ExitStatus.FAILED);
				if (step.getEndTime() == null) {
					step.setEndTime(LocalDateTime.now());
				}
				jobRepository.update(step);
			}
		}
		if (execution.getStatus() == BatchStatus.UNKNOWN) {
			execution.setStatus(BatchStatus.FAILED);
			execution.setExitStatus(ExitStatus.FAILED);
			if (execution.getEndTime() == null) {
				execution.setEndTime(LocalDateTime.now());
			}
			jobRepository.update(execution);
		}
	}

	static String runKey(String sha256, String tenant, String mode) {
		// 40 hex digits (160 bits) of SHA-256 over what identifies the run.
		return Sha256.hex(sha256 + "\n" + tenant + "\n" + mode).substring(0, 40);
	}

}
