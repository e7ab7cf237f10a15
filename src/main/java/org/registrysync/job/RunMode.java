package org.registrysync.job;

import java.util.List;

/**
 * What a run does with the inventory; part of what identifies the run.
 *
 * @param dryRun send nothing
 * @param full send unchanged connectors too
 * @param only the connector ids to touch, sorted; empty for all
 */
public record RunMode(boolean dryRun, boolean full, List<String> only) {

	public RunMode {
		only = List.copyOf(only);
	}

	/**
	 * The mode as it enters the run key, e.g. {@code incremental} or
	 * {@code dry-run only=rc-1,rc-2}.
	 */
	public String key() {
		String mode = dryRun ? "dry-run" : full ? "full" : "incremental";
		return only.isEmpty() ? mode : mode + " only=" + String.join(",", only);
	}

}
