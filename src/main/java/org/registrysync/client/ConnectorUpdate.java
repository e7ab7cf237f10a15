package org.registrysync.client;

import java.util.List;

/**
 * One update to send: the connector and the request body, secrets resolved.
 *
 * @param connectorId the connector, the URL's last path segment (percent-encoded when
 * sent)
 * @param body the JSON body; holds secrets, so it is never logged
 * @param secrets the secret values inside the body, to blank out of anything Cortex says
 * back
 */
public record ConnectorUpdate(String connectorId, byte[] body, List<String> secrets) {

	public ConnectorUpdate {
		if (connectorId.isEmpty()) {
			throw new IllegalArgumentException("connectorId must not be empty");
		}
		secrets = List.copyOf(secrets);
	}

	@Override
	public String toString() {
		return "ConnectorUpdate[connectorId=" + connectorId + ", body=(" + body.length + " bytes)]";
	}

}
