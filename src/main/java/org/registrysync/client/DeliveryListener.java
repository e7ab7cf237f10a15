package org.registrysync.client;

import java.time.Duration;

/**
 * Hears what the client does, for progress and metrics. Implementations must be
 * thread-safe and quick.
 */
public interface DeliveryListener {

	/** Listens to nothing. */
	DeliveryListener NONE = new DeliveryListener() {
	};

	/** An update or a read is about to be sent (a first attempt or a retry). */
	default void sent() {
	}

	/** Cortex answered a request (an update, a read or the key check) after this long. */
	default void answered(int status, Duration took) {
	}

	/** A request got no answer (I/O error, timeout) after this long. */
	default void failed(Duration took) {
	}

	/** A retry was scheduled. */
	default void retried() {
	}

	/** A request waits because Cortex asked every request to pause. */
	default void throttled(Duration wait) {
	}

}
