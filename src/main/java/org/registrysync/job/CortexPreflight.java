package org.registrysync.job;

import org.registrysync.client.CortexClient;
import org.registrysync.client.CortexFatalException;
import org.registrysync.client.CortexProperties;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.ObjectProvider;

/**
 * What a run that sends does before its first update: builds the Cortex client, so that a
 * setting it rejects (a CA file that is not PEM) is told in one line, and checks the key
 * ({@code cortex.preflight}), so that a rejected key ends the run before anything is
 * planned.
 */
public class CortexPreflight {

	private final CortexProperties cortex;

	private final ObjectProvider<CortexClient> cortexClient;

	public CortexPreflight(CortexProperties cortex, ObjectProvider<CortexClient> cortexClient) {
		this.cortex = cortex;
		this.cortexClient = cortexClient;
	}

	/**
	 * Builds the client and checks the key.
	 * @throws ConfigurationException when a setting cannot be used (exit 2)
	 * @throws CortexFatalException when Cortex rejects the key or cannot be reached (exit
	 * 1)
	 */
	public void check() {
		CortexClient client = client();
		if (cortex.preflight()) {
			client.checkKey();
		}
	}

	private CortexClient client() {
		try {
			return cortexClient.getObject();
		}
		catch (BeansException e) {
			for (Throwable cause = e; cause != null; cause = cause.getCause()) {
				if (cause instanceof IllegalArgumentException || cause instanceof ConfigurationException) {
					throw new ConfigurationException(String.valueOf(cause.getMessage()));
				}
			}
			throw e;
		}
	}

}
