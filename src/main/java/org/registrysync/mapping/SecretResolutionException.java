package org.registrysync.mapping;

/**
 * A secret reference could not be read. The message names the reference, never a secret.
 */
public class SecretResolutionException extends RuntimeException {

	public SecretResolutionException(String message) {
		super(message);
	}

}
