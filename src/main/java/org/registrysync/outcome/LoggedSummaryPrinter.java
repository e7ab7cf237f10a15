package org.registrysync.outcome;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.registrysync.mapping.FieldChanges;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.spi.LoggingEventBuilder;

import tools.jackson.databind.json.JsonMapper;

/**
 * The summary as log events, for structured logging: one event for the run with its
 * status, exit code and counts as fields, then one for each of the first
 * {@value #MAX_RECORD_EVENTS} connectors with field-level changes or drift and of the
 * first {@value #MAX_RECORD_EVENTS} records not in sync and, if there are more, one that
 * counts the rest (the report and {@code sync_outcome} hold them all). Field names are
 * dotted ({@code run.exit_code}, {@code counts.FAILED}, {@code record.source}): ECS nests
 * them at the dots, logstash keeps them as they are.
 */
final class LoggedSummaryPrinter implements SummaryPrinter {

	/** The logger of the summary's events. */
	static final String LOGGER = "org.registrysync.summary";

	/** The most records not in sync logged one by one. */
	static final int MAX_RECORD_EVENTS = 100;

	// The MDC keys of every other line about a run or a connector
	// (RunRegistration.RUN_ID,
	// CortexClient.CONNECTOR_ID). They go in the MDC, not in key-values: with both, ECS
	// refuses the event for naming run.id twice.
	private static final String RUN_ID = "run.id";

	private static final String CONNECTOR_ID = "connector.id";

	// The MDC key of the tenant of a fleet (TenantStep.TENANT).
	private static final String TENANT = "tenant";

	private static final Logger log = LoggerFactory.getLogger(LOGGER);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final OutcomeRepository outcomes;

	LoggedSummaryPrinter(OutcomeRepository outcomes) {
		this.outcomes = outcomes;
	}

	/** Logs the summary; {@code out} is left alone, so that it holds JSON only. */
	@Override
	public void print(PrintStream out, RunResult result) {
		SyncRun run = result.run();
		withMdc(RUN_ID, Long.toString(run.jobInstanceId()), () -> {
			logRun(result, outcomes.drifted(run.jobInstanceId()));
			long[] changes = { 0 };
			outcomes.forEachChange(run.jobInstanceId(), row -> {
				if (++changes[0] <= MAX_RECORD_EVENTS) {
					withMdc(CONNECTOR_ID, row.connectorId(), () -> logChange(row));
				}
			});
			if (changes[0] > MAX_RECORD_EVENTS) {
				long rest = changes[0] - MAX_RECORD_EVENTS;
				log.atInfo()
					.addKeyValue("changes.not_logged", rest)
					.log("{} more connectors with changes are not logged one by one; the run report and "
							+ "sync_outcome.changes list them all", rest);
			}
			long[] problems = { 0 };
			outcomes.forEachProblem(run.jobInstanceId(), row -> {
				if (++problems[0] <= MAX_RECORD_EVENTS) {
					withMdc(CONNECTOR_ID, row.connectorId(), () -> logRecord(row));
				}
			});
			if (problems[0] > MAX_RECORD_EVENTS) {
				long rest = problems[0] - MAX_RECORD_EVENTS;
				log.atWarn()
					.addKeyValue("records.not_logged", rest)
					.log("{} more records not in sync are not logged one by one; the run report and sync_outcome "
							+ "list them all", rest);
			}
		});
	}

	/**
	 * Logs the fleet run, an event per tenant, then each tenant's run as
	 * {@link #print(PrintStream, RunResult)} does, with the tenant's name in the MDC.
	 */
	@Override
	public void printFleet(PrintStream out, FleetResult fleet) {
		withMdc(RUN_ID, Long.toString(fleet.id()),
				() -> log.atInfo()
					.addKeyValue("fleet.status", fleet.status())
					.addKeyValue("fleet.exit_code", fleet.exitCode())
					.addKeyValue("fleet.file", fleet.file())
					.addKeyValue("fleet.shard", fleet.shard())
					.addKeyValue("fleet.tenants", fleet.tenants().size())
					.addKeyValue("fleet.duration_ms", fleet.took().toMillis())
					.log("registry-sync fleet run {} {}: {} (shard {}), {} tenants, exit code {}", fleet.id(),
							fleet.status(), fleet.file(), fleet.shard(), fleet.tenants().size(), fleet.exitCode()));
		for (FleetResult.Tenant tenant : fleet.tenants()) {
			withMdc(TENANT, tenant.name(), () -> {
				LoggingEventBuilder event = (tenant.exitCode() == 0 ? log.atInfo() : log.atWarn())
					.addKeyValue("tenant.exit_code", tenant.exitCode())
					.addKeyValue("tenant.base_url", tenant.baseUrl())
					.addKeyValue("tenant.requests", tenant.requests())
					.addKeyValue("tenant.rate_limit", tenant.rateLimit())
					.addKeyValue("tenant.synced", tenant.synced());
				if (tenant.rate() != null) {
					event = event.addKeyValue("tenant.rate", tenant.rate());
				}
				if (tenant.run() != null) {
					event = event.addKeyValue("tenant.run_id", tenant.run().run().jobInstanceId());
				}
				if (tenant.problem() != null) {
					event = event.addKeyValue("tenant.problem", tenant.problem());
				}
				event.log("tenant {}: exit code {}{}", tenant.name(), tenant.exitCode(),
						tenant.problem() == null ? "" : ": " + tenant.problem());
				if (tenant.run() != null) {
					print(out, tenant.run());
				}
			});
		}
	}

	private static void logChange(OutcomeRow row) {
		FieldChanges changes = row.changes() == null ? FieldChanges.NONE
				: FieldChanges.fromJson(JSON.readTree(row.changes()));
		String text = row.outcome() == Outcome.UNCHANGED ? "already as the inventory says"
				: changes.isEmpty() ? "no field changes" : changes.summary();
		LoggingEventBuilder event = log.atInfo()
			.addKeyValue("change.source", row.source())
			.addKeyValue("change.outcome", row.outcome().name())
			.addKeyValue("change.fields", text)
			.addKeyValue("change.cleared", String.join(",", changes.clearedFields()));
		if (row.drift() != null) {
			event = event.addKeyValue("change.drift", row.drift());
		}
		event.log("{}{}: {}", row.connectorId(), Boolean.TRUE.equals(row.drift()) ? " (drift)" : "", text);
	}

	private static void logRun(RunResult result, long drifted) {
		SyncRun run = result.run();
		Duration took = Duration.between(result.startedAt(), result.finishedAt());
		StringBuilder message = new StringBuilder(
				String.format(Locale.ROOT, "registry-sync run %d %s%s: %s, %d of %d records, %.1f s, exit code %d;",
						run.jobInstanceId(), result.status(), run.dryRun() ? " (dry run)" : "", run.inventory(),
						result.recorded(), run.records(), took.toMillis() / 1000.0, result.exitCode()));
		LoggingEventBuilder event = log.atInfo()
			.addKeyValue("run.status", result.status())
			.addKeyValue("run.exit_code", result.exitCode())
			.addKeyValue("run.dry_run", run.dryRun())
			.addKeyValue("run.inventory", run.inventory())
			.addKeyValue("run.tenant", run.tenant())
			.addKeyValue("run.records", run.records())
			.addKeyValue("run.duration_ms", took.toMillis())
			.addKeyValue("counts.read", result.recorded())
			.addKeyValue("counts.drift", drifted);
		for (Outcome outcome : Outcome.values()) {
			long count = result.counts().getOrDefault(outcome, 0L);
			event = event.addKeyValue("counts." + outcome.name(), count);
			if (outcome != Outcome.EXPORTED || count > 0) {
				message.append(' ').append(outcome.name()).append(' ').append(count);
			}
		}
		if (result.failure() != null) {
			event = event.addKeyValue("run.failure", result.failure());
			message.append("; run failed: ").append(result.failure());
		}
		event.log(message.toString());
	}

	private static void logRecord(OutcomeRow row) {
		LoggingEventBuilder event = log.atWarn()
			.addKeyValue("record.number", row.recordNumber())
			.addKeyValue("record.source", row.source())
			.addKeyValue("record.outcome", row.outcome().name());
		StringBuilder message = new StringBuilder(row.source()).append(' ')
			.append(row.connectorId() == null ? "(no connector_id)" : row.connectorId())
			.append(' ')
			.append(row.outcome().name());
		if (row.httpStatus() != null) {
			event = event.addKeyValue("record.http_status", row.httpStatus());
			message.append(" HTTP ").append(row.httpStatus());
		}
		if (row.errorCode() != null) {
			event = event.addKeyValue("record.error_code", row.errorCode());
		}
		if (row.message() != null) {
			event = event.addKeyValue("record.message", row.message());
			message.append(": ").append(row.message().replace("\n", "; "));
		}
		event.log(message.toString());
	}

	/** Runs the action with this MDC entry, then puts back what was there. */
	private static void withMdc(String key, @Nullable String value, Runnable action) {
		String previous = MDC.get(key);
		if (value == null) {
			MDC.remove(key);
		}
		else {
			MDC.put(key, value);
		}
		try {
			action.run();
		}
		finally {
			if (previous == null) {
				MDC.remove(key);
			}
			else {
				MDC.put(key, previous);
			}
		}
	}

}
