package org.registrysync.mapping;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.jspecify.annotations.Nullable;

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
	 * keep apart from the body it stores without them: 32 hex digits for
	 * {@code password}, then 32 for {@code auth_token}, so that {@link #changedSecrets}
	 * can say which of them changed. Each half is the first 128 bits of an HMAC-SHA-256
	 * whose input is the field's position as one zero-led byte pair, then the length of
	 * the secret's UTF-8 bytes as four big-endian bytes, then those bytes: no JSON body
	 * gives such an input (a body starts with an opening brace), and 128 bits keep a
	 * chance collision out of reach.
	 */
	public String secretsFingerprint(String password, String authToken) {
		StringBuilder fingerprint = new StringBuilder(64);
		List<String> secrets = List.of(password, authToken);
		for (int field = 0; field < secrets.size(); field++) {
			byte[] bytes = secrets.get(field).getBytes(StandardCharsets.UTF_8);
			ByteArrayOutputStream input = new ByteArrayOutputStream();
			input.write(0);
			input.write(field);
			input.writeBytes(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
			input.writeBytes(bytes);
			fingerprint.append(HexFormat.of().formatHex(hmac(key.getEncoded(), input.toByteArray()), 0, 16));
		}
		return fingerprint.toString();
	}

	/**
	 * Which of {@code password} and {@code auth_token} differ between two
	 * {@link #secretsFingerprint secrets fingerprints}, in that order; both when
	 * {@code before} is {@code null} (never seen) or not of that form.
	 */
	public static List<String> changedSecrets(@Nullable String before, String after) {
		if (before == null || before.length() != 64 || after.length() != 64) {
			return RequestBodies.SECRET_FIELDS;
		}
		List<String> changed = new ArrayList<>(2);
		for (int field = 0; field < 2; field++) {
			if (!before.regionMatches(field * 32, after, field * 32, 32)) {
				changed.add(RequestBodies.SECRET_FIELDS.get(field));
			}
		}
		return List.copyOf(changed);
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
