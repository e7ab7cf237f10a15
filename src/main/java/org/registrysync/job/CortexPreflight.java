package org.registrysync.job;

import org.registrysync.client.CortexClient;
import org.registrysync.client.CortexFatalException;

/**
 * What a run that sends does before its first update: builds the tenant's Cortex client,
 * so that a setting it rejects (a CA file that is not PEM) is told in one line, and
 * checks the key ({@code cortex.preflight}), so that a rejected key ends the run before
 * anything is planned.
 */
public class CortexPreflight {

	/**
	 * Builds the tenant's client and checks its key.
	 * @throws ConfigurationException when a setting cannot be used (exit 2)
	 * @throws CortexFatalException when Cortex rejects the key or cannot be reached (exit
	 * 1)
	 */
	public void check(TenantContext tenant) {
		CortexClient client;
		try {
			client = tenant.client();
		}
		catch (IllegalArgumentException e) {
			throw new ConfigurationException(String.valueOf(e.getMessage()));
		}
		if (tenant.cortex().preflight()) {
			client.checkKey();
		}
	}

}
