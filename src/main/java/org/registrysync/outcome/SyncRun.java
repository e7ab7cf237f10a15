package org.registrysync.outcome;

import java.time.Instant;

/**
 * One row of {@code sync_run}: a run (a Spring Batch job instance) and what identifies
 * it.
 *
 * @param jobInstanceId the job instance, which is the run's id
 * @param runKey hash of what must match for a re-run to resume this run: inventory
 * content, tenant, mode
 * @param runSeq counts the runs with the same key; a new one starts once the previous
 * completed
 * @param inventory the inventory file as given
 * @param inventorySha256 hex SHA-256 of the inventory's bytes
 * @param tenant the Cortex base URL, or {@code -} for a dry run without one
 * @param dryRun whether the run sends nothing
 * @param records how many records the inventory holds
 * @param createdAt when the run was first started
 */
public record SyncRun(long jobInstanceId, String runKey, long runSeq, String inventory, String inventorySha256,
		String tenant, boolean dryRun, long records, Instant createdAt) {

	public SyncRun {
		if (runKey.isBlank() || runSeq < 1 || records < 0) {
			throw new IllegalArgumentException("runKey must not be blank, runSeq positive, records not negative");
		}
	}

}
