package org.registrysync.job;

import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import org.registrysync.client.DeliveryListener;
import org.registrysync.outcome.OutcomeRow;

/**
 * The run's Micrometer meters: requests to Cortex by HTTP status (and their time),
 * retries, throttling waits, outcomes, drift and the run's duration. Exported by push
 * (OTLP) when {@code management.otlp.metrics.export.enabled} is true, the registry
 * publishing a last time as the process ends. Thread-safe.
 */
public class SyncMetrics implements DeliveryListener {

	private final MeterRegistry registry;

	private final Tags tags;

	private final Counter retries;

	private final Timer throttled;

	private final Counter drift;

	public SyncMetrics(MeterRegistry registry) {
		this(registry, Tags.empty());
	}

	private SyncMetrics(MeterRegistry registry, Tags tags) {
		this.registry = registry;
		this.tags = tags;
		this.retries = Counter.builder("registry_sync.retries")
			.description("Retries scheduled")
			.tags(tags)
			.register(registry);
		this.throttled = Timer.builder("registry_sync.throttle.waits")
			.description("Waits because Cortex answered 429")
			.tags(tags)
			.register(registry);
		this.drift = Counter.builder("registry_sync.drift")
			.description("Connectors whose live definition differed from what registry-sync last sent")
			.tags(tags)
			.register(registry);
	}

	/** The meters of one tenant of a fleet: the same, tagged {@code tenant=name}. */
	public SyncMetrics forTenant(String name) {
		return new SyncMetrics(registry, tags.and("tenant", name));
	}

	@Override
	public void answered(int status, Duration took) {
		requests(Integer.toString(status)).record(took);
	}

	@Override
	public void failed(Duration took) {
		requests("io_error").record(took);
	}

	@Override
	public void retried() {
		retries.increment();
	}

	@Override
	public void throttled(Duration wait) {
		throttled.record(wait);
	}

	/** Counts the outcomes of a chunk just written. */
	public void recorded(List<OutcomeRow> rows) {
		for (OutcomeRow row : rows) {
			Counter.builder("registry_sync.outcomes")
				.description("Records by outcome")
				.tag("outcome", row.outcome().name())
				.tags(tags)
				.register(registry)
				.increment();
			if (Boolean.TRUE.equals(row.drift())) {
				drift.increment();
			}
		}
	}

	/** Records how long an execution of the run took, by its final status. */
	public void finished(String status, Duration took) {
		Timer.builder("registry_sync.run.duration")
			.description("Run executions")
			.tag("status", status)
			.tags(tags)
			.register(registry)
			.record(took);
	}

	private Timer requests(String status) {
		return Timer.builder("registry_sync.requests")
			.description("Requests to Cortex")
			.tag("status", status)
			.tags(tags)
			.register(registry);
	}

}
