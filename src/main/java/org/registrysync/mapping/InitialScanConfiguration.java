package org.registrysync.mapping;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code initial_scan_configuration} object. The schema gives {@code numDays} as an
 * integer with no bounds and no tie to the mode; its description of
 * {@code TAGS_MODIFIED_DAYS} says the days are set by that argument, up to 90.
 *
 * @param mode absent means the API default, {@code ALL}
 * @param numDays 1 to 90; required with {@code TAGS_MODIFIED_DAYS}, sent as given with
 * the other modes
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InitialScanConfiguration(@JsonProperty("mode") @Nullable InitialScanMode mode,
		@JsonProperty("numDays") @Nullable Integer numDays) {

	public static final int MIN_DAYS = 1;

	public static final int MAX_DAYS = 90;

	public InitialScanConfiguration {
		if (mode == InitialScanMode.TAGS_MODIFIED_DAYS && numDays == null) {
			throw new IllegalArgumentException("TAGS_MODIFIED_DAYS needs numDays");
		}
		if (numDays != null && (numDays < MIN_DAYS || numDays > MAX_DAYS)) {
			throw new IllegalArgumentException("numDays must be 1 to 90, was " + numDays);
		}
	}

}
