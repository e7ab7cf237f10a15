package org.registrysync.mapping;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keyed fingerprint of a request as sent: HMAC-SHA-256 of the body, secrets resolved,
 * so that a changed secret behind a reference counts as a change, while the ledger never
 * holds anything from which a secret could be guessed without the key. Thread-safe.
 */
public final class Fingerprinter {

	private static final String ALGORITHM = "HmacSHA256";

	private final SecretKeySpec key;

	private Fingerprinter(byte[] key) {
		this.key = new SecretKeySpec(key, ALGORITHM);
	}

	/** Fingerprints keyed with a configured key. */
	public static Fingerprinter withKey(String key) {
		if (key.length() < 16) {
			throw new IllegalArgumentException("the ledger key must be at least 16 characters");
		}
		return new Fingerprinter(key.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Fingerprints keyed with a key derived from the API key (HMAC-SHA-256 of a fixed
	 * label under the API key): no setting needed, but a new API key changes every
	 * fingerprint once.
	 */
	public static Fingerprinter derivedFrom(String apiKey) {
		return new Fingerprinter(hmac(apiKey.getBytes(StandardCharsets.UTF_8),
				"registry-sync ledger v1".getBytes(StandardCharsets.UTF_8)));
	}

	/** The hex fingerprint of a body. */
	public String fingerprint(byte[] body) {
		return HexFormat.of().formatHex(hmac(key.getEncoded(), body));
	}

	/**
	 * The hex fingerprint of a connector's secrets alone, resolved, for the ledger to
	 * keep apart from the body it stores without them. The input is, for {@code password}
	 * then {@code auth_token}, the length of its UTF-8 bytes as four big-endian bytes
	 * followed by those bytes: no two pairs of values give the same input, and no JSON
	 * body does either (a body starts with an opening brace, this with a zero byte, since
	 * no secret is 16 MiB long).
	 */
	public String secretsFingerprint(String password, String authToken) {
		ByteArrayOutputStream input = new ByteArrayOutputStream();
		for (String secret : List.of(password, authToken)) {
			byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
			input.writeBytes(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
			input.writeBytes(bytes);
		}
		return HexFormat.of().formatHex(hmac(key.getEncoded(), input.toByteArray()));
	}

	private static byte[] hmac(byte[] key, byte[] data) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(new SecretKeySpec(key, ALGORITHM));
			return mac.doFinal(data);
		}
		catch (NoSuchAlgorithmException | InvalidKeyException e) {
			throw new IllegalStateException("the JDK cannot compute " + ALGORITHM, e);
		}
	}

}
