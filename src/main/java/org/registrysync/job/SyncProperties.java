package org.registrysync.job;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The {@code sync.*} properties (SPEC §2). Defaults are documented once, in the README's
 * configuration table. {@link #toString()} never shows the ledger key.
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
 * @param ledgerKey the key of the ledger's fingerprints; derived from
 * {@code cortex.api-key} when absent
 * @param retryBackoff the wait before the first retry, doubled for each further one
 * @param retryBackoffMax the longest wait between retries
 * @param failureThreshold connectors in a row whose retries ran out before the run stops
 * @param detailedExitCode whether a completed dry run whose records are all valid and
 * found exits {@link SyncCommand#EXIT_CHANGES_PENDING} when at least one is PLANNED,
 * rather than {@link SyncCommand#EXIT_OK}; a real run ignores it
 * @param compare what a record is compared with to decide whether its connector changed:
 * {@code ledger} (what registry-sync last sent; no request) or {@code live} (a GET of
 * each connector first)
 * @param export write the live definitions of the connectors to this inventory file
 * instead of syncing
 * @param exportIds the ids to export, one a line; without it, the connector ids of
 * {@code sync.inventory}
 * @param exportSecret bound for the binder's check of property names only: Spring has
 * resolved {@code ${…}} in it; the template is read as written by
 * {@link ExportSecretTemplate}
 * @param defaults a JSON file of fields every record lacking them takes
 * @param exportOverwrite whether an export may replace a file that is already there
 * (other than one an unfinished export of the same file is writing)
 * @param merge whether each record names only the fields to change, laid over its
 * connector's live definition; implies {@code compare=live}
 * @param fleet a YAML file of tenants, each synced as a run of its own (SPEC §7)
 * @param fleetParallelism tenants of a fleet synced at once by this process
 * @param fleetShard {@code INDEX/COUNT}: sync only the fleet's tenants whose position
 * modulo COUNT is INDEX
 */
@ConfigurationProperties(prefix = "sync", ignoreUnknownFields = false)
@Validated
public record SyncProperties(@Nullable Path inventory, @DefaultValue("false") boolean dryRun,
		@DefaultValue("false") boolean full, @DefaultValue List<String> only,
		@DefaultValue("5") @Min(1) @Max(10_000) int rateLimit, @DefaultValue("4") @Min(1) @Max(256) int maxConcurrency,
		@DefaultValue("5") @Min(1) @Max(100) int maxAttempts, @DefaultValue("100") @Min(1) @Max(10_000) int chunkSize,
		@Nullable Path report, @Nullable String ledgerKey, @DefaultValue("1s") Duration retryBackoff,
		@DefaultValue("30s") Duration retryBackoffMax, @DefaultValue("10") @Min(1) int failureThreshold,
		@DefaultValue("false") boolean detailedExitCode, @DefaultValue("ledger") CompareMode compare,
		@Nullable Path export, @Nullable Path exportIds, @Nullable String exportSecret, @Nullable Path defaults,
		@DefaultValue("false") boolean exportOverwrite, @DefaultValue("false") boolean merge, @Nullable Path fleet,
		@DefaultValue("8") @Min(1) @Max(64) int fleetParallelism, @Nullable String fleetShard) {

	public SyncProperties {
		only = only.stream().map(String::strip).filter(id -> !id.isEmpty()).distinct().sorted().toList();
	}

	/** What records are compared with: a merge compares live. */
	public CompareMode comparison() {
		return merge ? CompareMode.LIVE : compare;
	}

	/**
	 * These settings for one tenant of a fleet: its inventory, rate limit and concurrency
	 * in place of the fleet's.
	 */
	public SyncProperties forTenant(@Nullable Path inventory, int rateLimit, int maxConcurrency) {
		return new SyncProperties(inventory, dryRun, full, only, rateLimit, maxConcurrency, maxAttempts, chunkSize,
				report, ledgerKey, retryBackoff, retryBackoffMax, failureThreshold, detailedExitCode, compare, export,
				exportIds, exportSecret, defaults, exportOverwrite, merge, null, fleetParallelism, null);
	}

	@Override
	public String toString() {
		return "SyncProperties[inventory=" + inventory + ", dryRun=" + dryRun + ", full=" + full + ", only=" + only
				+ ", rateLimit=" + rateLimit + ", maxConcurrency=" + maxConcurrency + ", maxAttempts=" + maxAttempts
				+ ", chunkSize=" + chunkSize + ", report=" + report + ", ledgerKey="
				+ (ledgerKey == null ? "null" : "(hidden)") + ", retryBackoff=" + retryBackoff + ", retryBackoffMax="
				+ retryBackoffMax + ", failureThreshold=" + failureThreshold + ", detailedExitCode=" + detailedExitCode
				+ ", compare=" + compare + ", export=" + export + ", exportIds=" + exportIds + ", defaults=" + defaults
				+ ", exportOverwrite=" + exportOverwrite + ", merge=" + merge + ", fleet=" + fleet
				+ ", fleetParallelism=" + fleetParallelism + ", fleetShard=" + fleetShard + "]";
	}

}
