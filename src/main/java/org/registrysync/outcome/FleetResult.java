package org.registrysync.outcome;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * How a fleet run ended, for its summary and report: the fleet run, then a row per
 * tenant.
 *
 * @param id the fleet run's id (its job instance id)
 * @param file the fleet file
 * @param shard the shard, {@code INDEX/COUNT}
 * @param status the Spring Batch status of the fleet run's last execution
 * @param exitCode the worst of the tenants' exit codes (SPEC §7)
 * @param startedAt when this execution started
 * @param finishedAt when it ended
 * @param tenants a row per tenant of the shard, in the fleet file's order
 */
public record FleetResult(long id, String file, String shard, String status, int exitCode, Instant startedAt,
		Instant finishedAt, List<Tenant> tenants) {

	public FleetResult {
		tenants = List.copyOf(tenants);
	}

	/** How long this execution took. */
	public Duration took() {
		return Duration.between(startedAt, finishedAt);
	}

	/**
	 * One tenant of the fleet run.
	 *
	 * @param name its name in the fleet file
	 * @param baseUrl its Cortex base URL
	 * @param exitCode its exit code, as a single-tenant run would have it
	 * @param run how its run ended; {@code null} when no run began (its key could not be
	 * read, its inventory or lock could not be had, Cortex refused its key)
	 * @param requests updates and reads this process sent to it, retries included
	 * @param rate requests a second from its first to its last; {@code null} below two
	 * @param rateLimit its rate limit
	 * @param problem why it did not complete, in one line; {@code null} when it did
	 * @param synced whether this execution of the fleet run synced it, rather than an
	 * earlier one that the fleet run resumes
	 */
	public record Tenant(String name, String baseUrl, int exitCode, @Nullable RunResult run, long requests,
			@Nullable Double rate, int rateLimit, @Nullable String problem, boolean synced) {
	}

}
