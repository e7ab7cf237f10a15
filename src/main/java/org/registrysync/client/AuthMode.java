package org.registrysync.client;

/** How requests carry the API key. */
public enum AuthMode {

	/** The key itself in each key header. */
	STANDARD,
	/**
	 * A per-attempt signature: SHA-256 of key, nonce and timestamp, with the nonce and
	 * timestamp headers.
	 */
	ADVANCED

}
