package org.registrysync.job;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.registrysync.client.CortexClient;
import org.registrysync.client.CortexFatalException;
import org.registrysync.client.CortexProperties;
import org.registrysync.client.CortexTransport;
import org.registrysync.client.DeliveryListener;
import org.registrysync.client.DeliverySettings;
import org.registrysync.client.RequestSigner;
import org.registrysync.mapping.Fingerprinter;

/**
 * One tenant as its runs see it: its {@code cortex.*} and {@code sync.*} settings, its
 * Cortex client with its own rate limit (built at first use), its meters, and a tally of
 * the requests sent to it. A single-tenant run has one, from the properties; a fleet has
 * one per tenant ({@link Tenants}). Thread-safe.
 */
public final class TenantContext implements AutoCloseable {

	private final @Nullable String name;

	private final Tenant tenant;

	private final CortexProperties cortex;

	private final SyncProperties sync;

	private final SyncMetrics metrics;

	private final Tally tally = new Tally();

	private final Clock clock;

	private final StopSignal stopSignal;

	private @Nullable CortexClient client;

	TenantContext(@Nullable String name, CortexProperties cortex, SyncProperties sync, SyncMetrics metrics, Clock clock,
			StopSignal stopSignal) {
		this.name = name;
		this.tenant = Tenant.of(cortex.baseUrl());
		this.cortex = cortex;
		this.sync = sync;
		this.metrics = metrics;
		this.clock = clock;
		this.stopSignal = stopSignal;
	}

	/** Its name in the fleet file; {@code null} for a single-tenant run. */
	public @Nullable String name() {
		return name;
	}

	public Tenant tenant() {
		return tenant;
	}

	public CortexProperties cortex() {
		return cortex;
	}

	public SyncProperties sync() {
		return sync;
	}

	/** Its meters, tagged with its name in a fleet. */
	public SyncMetrics metrics() {
		return metrics;
	}

	/**
	 * Its client, built at the first call.
	 * @throws ConfigurationException when the base URL or the key is missing
	 */
	public synchronized CortexClient client() {
		if (client == null) {
			if (cortex.baseUrl() == null || cortex.apiKeyId() == null || cortex.apiKey() == null) {
				throw new ConfigurationException("cortex.base-url, cortex.api-key-id and cortex.api-key are required");
			}
			RequestSigner signer = new RequestSigner(cortex.authMode(), cortex.apiKeyId(), cortex.apiKey(),
					cortex.authHeaders(), clock);
			CortexTransport transport = new CortexTransport(cortex.baseUrl(), signer, cortex.connectTimeout(),
					cortex.readTimeout(), cortex.caCertificate(), clock);
			DeliverySettings settings = new DeliverySettings(sync.rateLimit(), sync.maxConcurrency(),
					sync.maxAttempts(), sync.retryBackoff(), sync.retryBackoffMax(), sync.failureThreshold());
			CortexClient built = new CortexClient(transport, settings, clock, new Tallied(metrics, tally));
			stopSignal.onRequest(() -> built.stop(new CortexFatalException("stopped by " + stopSignal.reason())));
			client = built;
		}
		return client;
	}

	/**
	 * The ledger's key: {@code sync.ledger-key}, else derived from this tenant's API key;
	 * none without either.
	 */
	public @Nullable Fingerprinter fingerprinter() {
		if (sync.ledgerKey() != null) {
			return Fingerprinter.withKey(sync.ledgerKey());
		}
		return cortex.apiKey() == null ? null : Fingerprinter.derivedFrom(cortex.apiKey());
	}

	/**
	 * Requests to this tenant by this process that ended (answered or not): the key
	 * check, updates and reads, retries included.
	 */
	public long requests() {
		return tally.requests.get();
	}

	/**
	 * The requests sent by this process a second, over the seconds from the first to the
	 * last, the last one counted (as the rate limit counts them, by the second);
	 * {@code null} below two requests, which make no rate.
	 */
	public @Nullable Double achievedRate() {
		long requests = tally.requests.get();
		long span = Math.max(0, tally.last.get() - tally.first.get());
		return requests < 2 ? null : requests / (span / 1e9 + 1);
	}

	/** Closes the client, if one was built: its connections and threads. */
	@Override
	public synchronized void close() {
		if (client != null) {
			client.close();
		}
	}

	@Override
	public String toString() {
		return "TenantContext[" + (name == null ? "" : name + ", ") + tenant + "]";
	}

	/** The requests sent and when the first and the last went. */
	private static final class Tally {

		private final AtomicLong requests = new AtomicLong();

		private final AtomicLong first = new AtomicLong();

		private final AtomicLong last = new AtomicLong();

		void ended() {
			long now = System.nanoTime();
			if (requests.getAndIncrement() == 0) {
				first.set(now);
			}
			last.accumulateAndGet(now, Math::max);
		}

	}

	/** The tenant's meters, counting the requests on the way. */
	private record Tallied(DeliveryListener metrics, Tally tally) implements DeliveryListener {

		@Override
		public void sent() {
			metrics.sent();
		}

		// Counted as they end: a request is "sent" before it waits for the rate limit.
		@Override
		public void answered(int status, Duration took) {
			tally.ended();
			metrics.answered(status, took);
		}

		@Override
		public void failed(Duration took) {
			tally.ended();
			metrics.failed(took);
		}

		@Override
		public void retried() {
			metrics.retried();
		}

		@Override
		public void throttled(Duration wait) {
			metrics.throttled(wait);
		}

	}

}
