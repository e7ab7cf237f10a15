package org.registrysync.inventory;

import java.util.Set;

/**
 * What one full read of an inventory found, before anything is sent.
 *
 * @param file the inventory
 * @param sha256 lowercase hex SHA-256 of the file's bytes: with the tenant, it identifies
 * a run
 * @param records how many records the file holds
 * @param duplicates the connector ids that appear more than once
 * @param found which of the ids the scan was asked to look for the inventory holds
 */
public record InventoryScan(InventoryFile file, String sha256, long records, DuplicateIds duplicates,
		Set<String> found) {

	public InventoryScan {
		if (!sha256.matches("[0-9a-f]{64}")) {
			throw new IllegalArgumentException("sha256 must be 64 lowercase hex digits");
		}
		if (records < 0) {
			throw new IllegalArgumentException("records must not be negative");
		}
		found = Set.copyOf(found);
	}

}
