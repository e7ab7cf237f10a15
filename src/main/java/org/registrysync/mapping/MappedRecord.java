package org.registrysync.mapping;

import org.jspecify.annotations.Nullable;
import org.registrysync.inventory.SourceLocation;

/**
 * An inventory record after validation: where it came from and what it maps to.
 *
 * @param number 1-based position in the inventory
 * @param source where the record starts
 * @param connectorId the id as written (when it is a string), also for invalid records
 * @param result the request, or the errors
 */
public record MappedRecord(long number, SourceLocation source, @Nullable String connectorId, MappingResult result) {

	public MappedRecord {
		if (number < 1) {
			throw new IllegalArgumentException("number must be 1 or more");
		}
	}

}
