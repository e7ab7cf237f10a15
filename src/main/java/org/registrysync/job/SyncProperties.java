package org.registrysync.job;

import java.nio.file.Path;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The {@code sync.*} properties (SPEC §2). Defaults are documented once, in the README's
 * configuration table.
 *
 * @param inventory the inventory file; required
 * @param dryRun validate and plan only; send nothing
 * @param full send every valid connector, also those unchanged since their last
 * successful update
 * @param only touch only these connector ids
 * @param rateLimit requests per second to Cortex, never exceeded, retries included
 * @param maxConcurrency requests in flight at once
 * @param maxAttempts attempts per connector, the first included
 * @param chunkSize connectors per committed chunk
 * @param report where to write the JSON run report, if anywhere
 */
@ConfigurationProperties("sync")
@Validated
public record SyncProperties(@Nullable Path inventory, @DefaultValue("false") boolean dryRun,
		@DefaultValue("false") boolean full, @DefaultValue List<String> only,
		@DefaultValue("5") @Min(1) @Max(10_000) int rateLimit, @DefaultValue("4") @Min(1) @Max(256) int maxConcurrency,
		@DefaultValue("5") @Min(1) @Max(100) int maxAttempts, @DefaultValue("100") @Min(1) @Max(10_000) int chunkSize,
		@Nullable Path report) {

	public SyncProperties {
		only = only.stream().map(String::strip).filter(id -> !id.isEmpty()).distinct().sorted().toList();
	}

}
