package org.registrysync.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.registrysync.inventory.DuplicateIds;
import org.registrysync.inventory.InventoryRecord;
import org.registrysync.inventory.SourceLocation;

import tools.jackson.databind.node.ObjectNode;

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

	@Nested
	class ResolutionMessages {

		private final SecretResolver resolver = new SecretResolver(Map.of("SET", "value")::get);

		@Test
		void anUnsetVariableIsOneSentence() {
			assertThatThrownBy(() -> resolver.resolve(new SecretReference(SecretReference.Kind.ENV, "NEXUS_TOKEN")))
				.isInstanceOf(SecretResolutionException.class)
				.hasMessage("${env:NEXUS_TOKEN} cannot be resolved: NEXUS_TOKEN is not set in the environment");
		}

		@Test
		void aMissingOrUnreadableFileIsOneSentence(@TempDir Path dir) throws IOException {
			Path missing = dir.resolve("nexus");
			assertThatThrownBy(
					() -> resolver.resolve(new SecretReference(SecretReference.Kind.FILE, missing.toString())))
				.hasMessage("${file:" + missing + "} cannot be resolved: the file does not exist");
			assertThatThrownBy(() -> resolver.resolve(new SecretReference(SecretReference.Kind.FILE, dir.toString())))
				.hasMessage("${file:" + dir + "} cannot be resolved: it is not a regular file");
			Path latin1 = Files.write(dir.resolve("latin1"), new byte[] { 'a', (byte) 0xe9 });
			assertThatThrownBy(
					() -> resolver.resolve(new SecretReference(SecretReference.Kind.FILE, latin1.toString())))
				.hasMessage("${file:" + latin1 + "} cannot be resolved: the file is not UTF-8 text");
		}

		@Test
		void aSecretGoneWhenTheBodyIsWrittenNamesItsField() {
			// given: validated while the variable was set, written after it went away
			Map<String, String> environment = new HashMap<>(Map.of("NEXUS_TOKEN", "t", "GROUPS", "1,2"));
			ObjectNode record = ConnectorMapperTests.valid()
				.put("auth_token", "${env:NEXUS_TOKEN}")
				.put("vendor", "GITLAB_CONTAINER_REGISTRY");
			record.putObject("vendor_specific_configuration").put("group_ids", "${env:GROUPS}");
			SecretResolver live = new SecretResolver(
					name -> "REGISTRY_PASSWORD".equals(name) ? "p" : environment.get(name));
			MappingResult result = new ConnectorMapper(live)
				.map(new InventoryRecord(1, new SourceLocation("c.json", 2), record, false, null), DuplicateIds.none());
			ConnectorRequest request = ((MappingResult.Mapped) result).request();
			RequestBodies bodies = new RequestBodies(live);

			// when
			environment.remove("NEXUS_TOKEN");

			// then
			assertThatThrownBy(() -> bodies.write(request)).isInstanceOf(SecretResolutionException.class)
				.hasMessage(
						"auth_token: ${env:NEXUS_TOKEN} cannot be resolved: NEXUS_TOKEN is not set in the environment");
			environment.put("NEXUS_TOKEN", "t");
			environment.remove("GROUPS");
			assertThatThrownBy(() -> bodies.write(request)).hasMessage(
					"vendor_specific_configuration.group_ids: ${env:GROUPS} cannot be resolved: GROUPS is not set in the environment");
		}

	}

	@Test
	void aPlaceholderResolverReadsNoFileAndNoVariable(@TempDir Path dir) throws IOException {
		// given
		Path file = Files.writeString(dir.resolve("secret"), "from-the-file");
		SecretResolver placeholder = SecretResolver.placeholder("set");

		// when / then
		assertThat(placeholder.resolve(new SecretReference(SecretReference.Kind.FILE, file.toString())))
			.isEqualTo("set");
		assertThat(placeholder.resolve(new SecretReference(SecretReference.Kind.FILE, dir.resolve("none").toString())))
			.isEqualTo("set");
		assertThat(placeholder.resolve(new SecretReference(SecretReference.Kind.ENV, "HOME"))).isEqualTo("set");
	}

}
