package org.registrysync.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

class FingerprinterTests {

	private final Fingerprinter fingerprinter = Fingerprinter.withKey("ledger-key-0123456789");

	@Test
	void theSecretsFingerprintTellsEveryPairOfValuesApart() {
		// given
		String fingerprint = fingerprinter.secretsFingerprint("pw", "tok");

		// when, then: the same pair gives the same fingerprint, any other pair another
		// one,
		// also when the characters are only split differently between the two
		assertThat(fingerprinter.secretsFingerprint("pw", "tok")).isEqualTo(fingerprint).matches("[0-9a-f]{64}");
		assertThat(fingerprinter.secretsFingerprint("pwt", "ok")).isNotEqualTo(fingerprint);
		assertThat(fingerprinter.secretsFingerprint("tok", "pw")).isNotEqualTo(fingerprint);
		assertThat(fingerprinter.secretsFingerprint("pw", "tok2")).isNotEqualTo(fingerprint);
		assertThat(fingerprinter.secretsFingerprint("", "pwtok"))
			.isNotEqualTo(fingerprinter.secretsFingerprint("pwtok", ""));
	}

	@Test
	void theSecretsFingerprintIsKeyedAndIsNoPlainHashOfTheSecrets() throws NoSuchAlgorithmException {
		// given
		String fingerprint = fingerprinter.secretsFingerprint("pw", "tok");

		// when, then
		assertThat(Fingerprinter.withKey("another-key-0123456789").secretsFingerprint("pw", "tok"))
			.isNotEqualTo(fingerprint);
		assertThat(fingerprint).isNotIn(sha256("pw"), sha256("tok"), sha256("pwtok"),
				fingerprinter.fingerprint("pwtok".getBytes(StandardCharsets.UTF_8)));
	}

	private static String sha256(String text) throws NoSuchAlgorithmException {
		return HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
	}

	@Test
	void theSecretsFingerprintSaysWhichSecretChanged() {
		// given
		Fingerprinter fingerprinter = Fingerprinter.withKey("a-ledger-key-0123456789");
		String before = fingerprinter.secretsFingerprint("pw", "tok");

		// then
		assertThat(Fingerprinter.changedSecrets(before, fingerprinter.secretsFingerprint("pw", "tok"))).isEmpty();
		assertThat(Fingerprinter.changedSecrets(before, fingerprinter.secretsFingerprint("pw2", "tok")))
			.containsExactly("password");
		assertThat(Fingerprinter.changedSecrets(before, fingerprinter.secretsFingerprint("pw", "tok2")))
			.containsExactly("auth_token");
		assertThat(Fingerprinter.changedSecrets(before, fingerprinter.secretsFingerprint("tok", "pw")))
			.containsExactly("password", "auth_token");
		assertThat(Fingerprinter.changedSecrets(null, before)).containsExactly("password", "auth_token");
		assertThat(Fingerprinter.changedSecrets(before.substring(0, 40), before))
			.as("a fingerprint of another form, as an older ledger may hold")
			.containsExactly("password", "auth_token");
	}

}
