package org.registrysync.job;

import org.jspecify.annotations.Nullable;
import org.registrysync.mapping.FieldChanges;

/**
 * What comparing a record with the connector found (SPEC §5).
 *
 * @param changes the field-level changes from the connector as it is (live, or as last
 * sent) to the record; {@code null} when unknown: offline, for a connector the ledger has
 * no body for
 * @param drift whether the live definition differs from what registry-sync last sent;
 * {@code null} when not compared live, or when the ledger has no body to compare with
 */
public record Comparison(@Nullable FieldChanges changes, @Nullable Boolean drift) {

	/** Nothing known: not compared. */
	public static final Comparison UNKNOWN = new Comparison(null, null);

	/** Whether the comparison found the connector changed outside registry-sync. */
	public boolean drifted() {
		return Boolean.TRUE.equals(drift);
	}

}
