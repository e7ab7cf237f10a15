package org.registrysync.client;

import java.time.Duration;
import java.time.Instant;

import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads the body of a 2xx answer to a read as a connector's definition. The body may hold
 * the connector's secrets in clear, so no message here quotes any of it: a problem is
 * named by its kind and where it is, never by what the body says.
 */
final class Definitions {

	private static final JsonMapper JSON = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.build();

	private Definitions() {
	}

	/** The definition, its secrets dropped, or why the body is none. */
	static FetchResult read(CortexTransport.Answer answer, int attempts, Instant startedAt, Duration duration,
			long turn) {
		String problem;
		if (answer.cut()) {
			problem = "the definition is longer than " + CortexTransport.MAX_DEFINITION / (1024 * 1024)
					+ " MiB, the most the client reads; nothing of it was kept";
		}
		else {
			try {
				JsonNode body = JSON.readTree(answer.body());
				if (body instanceof ObjectNode definition) {
					// Found drops the secrets as it is made.
					return new FetchResult.Found(definition, attempts, startedAt, duration, turn);
				}
				problem = (body == null || body.isMissingNode()) ? "the answer has no body, not a definition"
						: "the body is a JSON " + body.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
								+ ", not an object: not a definition";
			}
			catch (StreamConstraintsException e) {
				// Says which bound was passed and by how much, nothing of the body.
				problem = "the definition is beyond what the client reads: " + e.getOriginalMessage();
			}
			catch (JacksonException e) {
				problem = "the body is not JSON" + where(e.getLocation()) + ": not a definition";
			}
		}
		return new FetchResult.Unreadable(answer.status(), new CortexError(null, problem), attempts, startedAt,
				duration);
	}

	private static String where(TokenStreamLocation location) {
		return (location == null || location.getLineNr() < 0) ? ""
				: " (at line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
	}

}
