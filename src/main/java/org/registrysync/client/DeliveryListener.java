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

	/** An update is about to be sent (a first attempt or a retry). */
	default void sent() {
	}

	/** A connector's last answer arrived. */
	default void answered(int status) {
	}

	/** A retry was scheduled. */
	default void retried() {
	}

	/** A request waits because Cortex asked every request to pause. */
	default void throttled(Duration wait) {
	}

}
