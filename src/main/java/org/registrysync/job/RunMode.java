package org.registrysync.job;

import java.nio.file.Path;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What a run does with the inventory; part of what identifies the run.
 *
 * @param dryRun send nothing
 * @param full send unchanged connectors too
 * @param only the connector ids to touch, sorted; empty for all
 * @param compare what records are compared with ({@code sync.compare})
 * @param export where an export writes the connectors it reads; {@code null} for a sync
 * @param defaults the defaults file laid under every record ({@code sync.defaults});
 * {@code null} without one
 * @param merge whether each record is laid over its connector's live definition
 * ({@code sync.merge}); only with {@code compare} live
 */
public record RunMode(boolean dryRun, boolean full, List<String> only, CompareMode compare,
		@Nullable ExportTarget export, @Nullable Defaults defaults, boolean merge) {

	public RunMode {
		only = List.copyOf(only);
		if (merge && compare != CompareMode.LIVE) {
			throw new IllegalArgumentException("a merge compares live");
		}
	}

	/** A run that is no merge. */
	public RunMode(boolean dryRun, boolean full, List<String> only, CompareMode compare, @Nullable ExportTarget export,
			@Nullable Defaults defaults) {
		this(dryRun, full, only, compare, export, defaults, false);
	}

	/** A sync that compares with the ledger. */
	public RunMode(boolean dryRun, boolean full, List<String> only) {
		this(dryRun, full, only, CompareMode.LEDGER, null, null);
	}

	/** A sync. */
	public RunMode(boolean dryRun, boolean full, List<String> only, CompareMode compare) {
		this(dryRun, full, only, compare, null, null);
	}

	/**
	 * The defaults file of a run.
	 *
	 * @param file the file, absolute
	 * @param sha256 its content hash: other defaults make another run
	 */
	public record Defaults(Path file, String sha256) {

		public Defaults {
			file = file.toAbsolutePath();
		}

	}

	/**
	 * What an export writes.
	 *
	 * @param file the export file, absolute
	 * @param idsFile whether the ids come from a file of ids ({@code sync.export-ids})
	 * rather than from an inventory
	 * @param secretTemplate the reference written for each secret
	 */
	public record ExportTarget(Path file, boolean idsFile, String secretTemplate) {

		public ExportTarget {
			file = file.toAbsolutePath();
		}

	}

	/**
	 * Whether the run reads connectors or sends updates, and so uses the tenant's rate
	 * limit.
	 */
	public boolean usesTenant() {
		return !dryRun || compare == CompareMode.LIVE || export != null;
	}

	/**
	 * The mode as it enters the run key, e.g. {@code incremental} or
	 * {@code dry-run only=rc-1,rc-2}.
	 */
	public String key() {
		if (export != null) {
			String mode = "export " + export.file() + (export.idsFile() ? " ids-file" : " inventory") + " secret="
					+ export.secretTemplate();
			return only.isEmpty() ? mode : mode + " only=" + String.join(",", only);
		}
		String mode = dryRun ? "dry-run" : full ? "full" : "incremental";
		// Runs that compare with the ledger keep the keys they had before sync.compare.
		String compared = compare == CompareMode.LEDGER ? mode : mode + (merge ? " merge" : " compare=live");
		if (defaults != null) {
			compared = compared + " defaults=" + defaults.sha256();
		}
		return only.isEmpty() ? compared : compared + " only=" + String.join(",", only);
	}

}
