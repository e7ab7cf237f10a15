package org.registrysync.job;

import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

/**
 * Which run a command belongs to: the identifying parameters of its job instance and the
 * settings the job reads. A failed or stopped run with the same key is resumed; once it
 * completed, the next run has the next sequence number.
 *
 * @param runKey hash of inventory content, tenant and mode
 * @param runSeq the run's number among runs with that key
 * @param resume whether this continues an earlier, unfinished run
 * @param source what the run reads, as scanned
 * @param tenant the Cortex base URL, or {@code -}
 * @param mode what the run does
 */
public record RunPlan(String runKey, long runSeq, boolean resume, RunSource source, String tenant, RunMode mode) {

	public static final String RUN_KEY = "run.key";

	public static final String RUN_SEQ = "run.seq";

	/**
	 * The job parameters: the key and sequence identify the run, the rest describes it.
	 */
	public JobParameters parameters() {
		return settings().addTo(new JobParametersBuilder().addString(RUN_KEY, runKey).addLong(RUN_SEQ, runSeq))
			.toJobParameters();
	}

	/** What the run works on. */
	public RunParameters settings() {
		return new RunParameters(source.path(), source.sha256(), source.records(), tenant, mode);
	}

}
