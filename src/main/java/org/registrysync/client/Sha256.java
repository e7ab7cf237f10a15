package org.registrysync.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 as lowercase hex, the form advanced keys are signed with and that run and lock
 * keys are made from. Unsalted: never use it on a secret that is stored or shown.
 */
public final class Sha256 {

	private Sha256() {
	}

	/** The lowercase hex SHA-256 of the text's UTF-8 bytes. */
	public static String hex(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("the JDK has no SHA-256", e);
		}
	}

}
