package org.registrysync.mapping;

import java.util.List;

/**
 * A request body ready for the wire.
 *
 * @param json the body, secrets resolved; never logged or stored
 * @param secrets the secret values in it (resolved references, and {@code password} and
 * {@code auth_token} however written), to keep out of anything Cortex says back
 * @param password {@code password} as sent, resolved; never logged or stored
 * @param authToken {@code auth_token} as sent, resolved; never logged or stored
 */
public record RequestBody(byte[] json, List<String> secrets, String password, String authToken) {

	public RequestBody {
		secrets = List.copyOf(secrets);
	}

	@Override
	public String toString() {
		return "RequestBody[" + json.length + " bytes]";
	}

}
