package org.registrysync.mapping;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code initial_scan_configuration} object. {@code numDays} goes with
 * {@code TAGS_MODIFIED_DAYS} only.
 *
 * @param mode absent means the API default, {@code ALL}
 * @param numDays 1 to 90, with {@code TAGS_MODIFIED_DAYS}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InitialScanConfiguration(@JsonProperty("mode") @Nullable InitialScanMode mode,
		@JsonProperty("numDays") @Nullable Integer numDays) {

	public static final int MIN_DAYS = 1;

	public static final int MAX_DAYS = 90;

	public InitialScanConfiguration {
		if (mode == InitialScanMode.TAGS_MODIFIED_DAYS) {
			if (numDays == null || numDays < MIN_DAYS || numDays > MAX_DAYS) {
				throw new IllegalArgumentException("TAGS_MODIFIED_DAYS needs numDays from 1 to 90, was " + numDays);
			}
		}
		else if (numDays != null) {
			throw new IllegalArgumentException("numDays goes with TAGS_MODIFIED_DAYS only");
		}
	}

}
