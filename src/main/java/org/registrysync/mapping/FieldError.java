package org.registrysync.mapping;

/**
 * One validation problem of a record.
 *
 * @param field the field's path, e.g. {@code initial_scan_configuration.numDays} or
 * {@code asset_scope_filters.AND[1].SEARCH_FIELD}; {@code record} for the record as a
 * whole
 * @param problem what is wrong and how to fix it; never quotes the value of a free-text
 * field, which may be a secret
 */
public record FieldError(String field, String problem) {

	public FieldError {
		if (field.isBlank() || problem.isBlank()) {
			throw new IllegalArgumentException("field and problem must not be blank");
		}
	}

	@Override
	public String toString() {
		return field + ": " + problem;
	}

}
