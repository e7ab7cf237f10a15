package org.registrysync.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SecretReferenceTests {

	@ParameterizedTest
	@ValueSource(strings = { "", "plain", "$", "${", "{env:X}", "$env:X", "${}", "a}" })
	void plainTextIsNoReference(String value) {
		assertThat(SecretReference.parse(value)).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "A", "_", "a_1", "REGISTRY_SYNC_BENCH_SECRET", "_9z" })
	void anEnvironmentReferenceNamesAVariable(String name) {
		assertThat(SecretReference.parse("${env:" + name + "}"))
			.contains(new SecretReference(SecretReference.Kind.ENV, name));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "1A", "A-B", "A B", "É", "A.B", "A$" })
	void anEnvironmentReferenceWithoutAVariableNameIsRefused(String name) {
		assertThatIllegalArgumentException().isThrownBy(() -> SecretReference.parse("${env:" + name + "}"))
			.withMessageContaining("variable name");
		assertThatIllegalArgumentException().isThrownBy(() -> new SecretReference(SecretReference.Kind.ENV, name));
	}

	@Test
	void aFileReferenceNamesAPath() {
		assertThat(SecretReference.parse("${file:/run/secrets/token}"))
			.contains(new SecretReference(SecretReference.Kind.FILE, "/run/secrets/token"));
		assertThatIllegalArgumentException().isThrownBy(() -> SecretReference.parse("${file: }"))
			.withMessageContaining("needs a path");
	}

	@ParameterizedTest
	@ValueSource(strings = { "pre-${env:A}", "${env:A} post", "x${file:/p}" })
	void aReferenceInsideOtherTextIsRefused(String value) {
		assertThatIllegalArgumentException().isThrownBy(() -> SecretReference.parse(value))
			.withMessageContaining("must be the whole value");
	}

	@Test
	void anUnknownKindIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> SecretReference.parse("${vault:secret/x}"))
			.withMessageContaining("unknown secret reference ${vault:…}");
	}

}
