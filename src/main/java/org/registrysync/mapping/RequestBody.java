package org.registrysync.mapping;

import java.util.List;

/**
 * A request body ready for the wire.
 *
 * @param json the body, secrets resolved; never logged or stored
 * @param secrets the secret values in it (resolved references, and {@code password} and
 * {@code auth_token} however written), to keep out of anything Cortex says back
 */
public record RequestBody(byte[] json, List<String> secrets) {

	public RequestBody {
		secrets = List.copyOf(secrets);
	}

	@Override
	public String toString() {
		return "RequestBody[" + json.length + " bytes]";
	}

}
