package org.registrysync.job;

import java.util.List;

/**
 * What a run does with the inventory; part of what identifies the run.
 *
 * @param dryRun send nothing
 * @param full send unchanged connectors too
 * @param only the connector ids to touch, sorted; empty for all
 * @param compare what records are compared with ({@code sync.compare})
 */
public record RunMode(boolean dryRun, boolean full, List<String> only, CompareMode compare) {

	public RunMode {
		only = List.copyOf(only);
	}

	/** A run that compares with the ledger. */
	public RunMode(boolean dryRun, boolean full, List<String> only) {
		this(dryRun, full, only, CompareMode.LEDGER);
	}

	/**
	 * Whether the run reads connectors or sends updates, and so uses the tenant's rate
	 * limit.
	 */
	public boolean usesTenant() {
		return !dryRun || compare == CompareMode.LIVE;
	}

	/**
	 * The mode as it enters the run key, e.g. {@code incremental} or
	 * {@code dry-run only=rc-1,rc-2}.
	 */
	public String key() {
		String mode = dryRun ? "dry-run" : full ? "full" : "incremental";
		// Runs that compare with the ledger keep the keys they had before sync.compare.
		String compared = compare == CompareMode.LEDGER ? mode : mode + " compare=live";
		return only.isEmpty() ? compared : compared + " only=" + String.join(",", only);
	}

}
