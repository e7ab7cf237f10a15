package org.registrysync.job;

/**
 * What a connector is compared with to decide whether it changed ({@code sync.compare},
 * SPEC §5).
 */
public enum CompareMode {

	/** What registry-sync last sent, from the ledger: no extra request. */
	LEDGER,

	/**
	 * The connector's live definition, read with a GET first; the secrets, which cannot
	 * be read back, by the ledger.
	 */
	LIVE

}
