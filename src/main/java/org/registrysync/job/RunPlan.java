package org.registrysync.job;

import org.registrysync.inventory.InventoryScan;
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
 * @param scan the inventory as scanned
 * @param tenant the Cortex base URL, or {@code -}
 * @param mode what the run does
 */
public record RunPlan(String runKey, long runSeq, boolean resume, InventoryScan scan, String tenant, RunMode mode) {

	public static final String RUN_KEY = "run.key";

	public static final String RUN_SEQ = "run.seq";

	public static final String INVENTORY = "inventory";

	public static final String INVENTORY_SHA256 = "inventory.sha256";

	public static final String INVENTORY_RECORDS = "inventory.records";

	public static final String TENANT = "tenant";

	public static final String DRY_RUN = "dry-run";

	public static final String FULL = "full";

	public static final String ONLY = "only";

	/**
	 * The job parameters: the key and sequence identify the run, the rest describes it.
	 */
	public JobParameters parameters() {
		return new JobParametersBuilder().addString(RUN_KEY, runKey)
			.addLong(RUN_SEQ, runSeq)
			.addString(INVENTORY, scan.file().path().toAbsolutePath().toString(), false)
			.addString(INVENTORY_SHA256, scan.sha256(), false)
			.addLong(INVENTORY_RECORDS, scan.records(), false)
			.addString(TENANT, tenant, false)
			.addString(DRY_RUN, Boolean.toString(mode.dryRun()), false)
			.addString(FULL, Boolean.toString(mode.full()), false)
			.addString(ONLY, String.join(",", mode.only()), false)
			.toJobParameters();
	}

}
