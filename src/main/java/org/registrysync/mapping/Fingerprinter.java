package org.registrysync.mapping;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

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
