package org.registrysync.client;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The authentication headers of one attempt. Standard keys send the key itself in every
 * key header; advanced keys send {@code x-xdr-nonce} (64 random characters of
 * {@code [A-Za-z0-9]}), {@code x-xdr-timestamp} (epoch milliseconds) and, in the key
 * headers, the lowercase hex SHA-256 of key + nonce + timestamp, made anew for every
 * attempt since a throttled request consumes its nonce. {@link #toString()} never shows
 * the key. Thread-safe.
 */
public final class RequestSigner {

	private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

	private final AuthMode mode;

	private final String keyId;

	private final String key;

	private final List<String> keyHeaders;

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	public RequestSigner(AuthMode mode, String keyId, String key, List<String> keyHeaders, Clock clock) {
		if (keyHeaders.isEmpty()) {
			throw new IllegalArgumentException("at least one header must carry the key");
		}
		this.mode = mode;
		this.keyId = keyId;
		this.key = key;
		this.keyHeaders = List.copyOf(keyHeaders);
		this.clock = clock;
	}

	/** The headers for one attempt. */
	public Map<String, String> headers() {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("x-xdr-auth-id", keyId);
		String credential = key;
		if (mode == AuthMode.ADVANCED) {
			String nonce = nonce();
			String timestamp = Long.toString(clock.millis());
			credential = Sha256.hex(key + nonce + timestamp);
			headers.put("x-xdr-nonce", nonce);
			headers.put("x-xdr-timestamp", timestamp);
		}
		for (String header : keyHeaders) {
			headers.put(header, credential);
		}
		return headers;
	}

	/** The text with the key blanked out, in clear or escaped. */
	public String redact(String text) {
		return Redaction.redact(text, List.of(key));
	}

	@Override
	public String toString() {
		return "RequestSigner[mode=" + mode + ", keyId=" + keyId + ", key=(hidden), keyHeaders=" + keyHeaders + "]";
	}

	private String nonce() {
		StringBuilder nonce = new StringBuilder(64);
		for (int i = 0; i < 64; i++) {
			nonce.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
		}
		return nonce.toString();
	}

}
