package org.registrysync.mapping;

import org.jspecify.annotations.Nullable;

/**
 * A secret reference could not be read. The message is one sentence naming the reference
 * and the reason, never a secret: {@code ${env:NEXUS_TOKEN} cannot be resolved:
 * NEXUS_TOKEN is not set in the environment}, prefixed with the field when the field is
 * known ({@code auth_token: ${env:NEXUS_TOKEN} cannot be resolved: …}).
 */
public class SecretResolutionException extends RuntimeException {

	private final SecretReference reference;

	private final String reason;

	/**
	 * @param reference the reference that could not be read
	 * @param reason why, e.g. {@code NEXUS_TOKEN is not set in the environment}
	 */
	public SecretResolutionException(SecretReference reference, String reason) {
		this(reference, reason, null);
	}

	private SecretResolutionException(SecretReference reference, String reason, @Nullable String field) {
		super((field == null ? "" : field + ": ") + reference + " cannot be resolved: " + reason);
		this.reference = reference;
		this.reason = reason;
	}

	/** The same failure, its message prefixed with the field that holds the reference. */
	public SecretResolutionException in(String field) {
		return new SecretResolutionException(this.reference, this.reason, field);
	}

}
