package org.registrysync.outcome;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * What the ledger keeps for one connector of a tenant once Cortex accepted an update.
 *
 * @param connectorId the connector
 * @param fingerprint hex HMAC-SHA-256 of the body as sent, secrets resolved
 * @param lastSent the body as sent, as JSON, without {@code password} and
 * {@code auth_token} and with secret references as written; {@code null} in rows written
 * before the ledger kept it
 * @param secretsFingerprint hex HMAC-SHA-256 of the resolved {@code password} and
 * {@code auth_token} alone; {@code null} exactly when {@code lastSent} is
 */
public record LedgerEntry(String connectorId, String fingerprint, @Nullable String lastSent,
		@Nullable String secretsFingerprint) {

	private static final Pattern HEX_SHA_256 = Pattern.compile("[0-9a-f]{64}");

	public LedgerEntry {
		if (connectorId.isEmpty()) {
			throw new IllegalArgumentException("connectorId is empty");
		}
		if (fingerprint.isEmpty()) {
			throw new IllegalArgumentException("fingerprint is empty");
		}
		if ((lastSent == null) != (secretsFingerprint == null)) {
			throw new IllegalArgumentException("lastSent and secretsFingerprint come together or not at all");
		}
		if (lastSent != null && !lastSent.startsWith("{")) {
			throw new IllegalArgumentException("lastSent is not a JSON object");
		}
		if (secretsFingerprint != null && !HEX_SHA_256.matcher(secretsFingerprint).matches()) {
			throw new IllegalArgumentException("secretsFingerprint is not a hex HMAC-SHA-256");
		}
	}

	/** Short: the body's length, not the body. */
	@Override
	public String toString() {
		return "LedgerEntry[" + connectorId + ", fingerprint=" + fingerprint + ", lastSent="
				+ (lastSent == null ? "null" : lastSent.length() + " chars") + ", secretsFingerprint="
				+ secretsFingerprint + "]";
	}

}
