package org.registrysync.job;

import java.nio.file.Path;

import org.registrysync.inventory.InventoryScan;

/**
 * What a run reads its records from, as scanned before it starts: the inventory of a
 * sync, or the ids file (or inventory) of an export.
 *
 * @param path the file
 * @param displayName the file as messages name it
 * @param sha256 its content hash, part of the run's key
 * @param records how many records (or ids) it holds
 */
public record RunSource(Path path, String displayName, String sha256, long records) {

	public RunSource {
		if (!sha256.matches("[0-9a-f]{64}")) {
			throw new IllegalArgumentException("sha256 must be 64 lowercase hex digits");
		}
		if (records < 0) {
			throw new IllegalArgumentException("records must not be negative");
		}
	}

	/** The inventory a sync reads. */
	public static RunSource of(InventoryScan scan) {
		return new RunSource(scan.file().path(), scan.file().displayName(), scan.sha256(), scan.records());
	}

}
