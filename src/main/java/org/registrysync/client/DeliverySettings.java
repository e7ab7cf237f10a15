package org.registrysync.client;

import java.time.Duration;

/**
 * How updates are delivered.
 *
 * @param rateLimit requests per second, never exceeded in any one-second window, retries
 * and the key check included
 * @param maxConcurrency requests in flight at once
 * @param maxAttempts attempts per connector, the first included
 * @param backoff the wait before the first retry; it doubles with each retry
 * @param maxBackoff the longest wait between retries (a longer {@code Retry-After} is
 * still honoured, up to {@link CortexClient#MAX_RETRY_AFTER})
 * @param failureThreshold connectors in a row whose retries ran out before the run stops
 */
public record DeliverySettings(int rateLimit, int maxConcurrency, int maxAttempts, Duration backoff,
		Duration maxBackoff, int failureThreshold) {

	public DeliverySettings {
		if (rateLimit < 1 || maxConcurrency < 1 || maxAttempts < 1 || failureThreshold < 1) {
			throw new IllegalArgumentException("rate, concurrency, attempts and threshold must be at least 1");
		}
		if (backoff.isNegative() || maxBackoff.compareTo(backoff) < 0) {
			throw new IllegalArgumentException("backoff must not be negative nor above maxBackoff");
		}
	}

}
