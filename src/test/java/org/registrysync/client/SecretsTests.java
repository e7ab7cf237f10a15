package org.registrysync.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import org.apache.commons.text.StringEscapeUtils;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** No secret leaves the client: not in a toString, not in what Cortex echoes. */
class SecretsTests {

	private static final String KEY = "key-\"secret\"-värde";

	private static final String PASSWORD = "pa\\ss\"wörd";

	@Nested
	class ToString {

		@Test
		void theSignerHidesTheKey() {
			RequestSigner signer = new RequestSigner(AuthMode.ADVANCED, "42", KEY, List.of("Authorization"),
					Clock.systemUTC());

			assertThat(signer.toString()).contains("42", "ADVANCED", "Authorization").doesNotContain(KEY);
		}

		@Test
		void anUpdateHidesItsBodyAndSecrets() {
			String body = "{\"password\": \"" + PASSWORD + "\"}";
			ConnectorUpdate update = new ConnectorUpdate("rc-1", body.getBytes(StandardCharsets.UTF_8),
					List.of(PASSWORD));

			assertThat(update.toString()).contains("rc-1").doesNotContain(PASSWORD).doesNotContain("password");
		}

		@Test
		void anAnswerHidesItsBody() {
			CortexTransport.Answer answer = new CortexTransport.Answer(400,
					"{\"err_msg\": \"bad password " + PASSWORD + "\"}", Optional.empty());

			assertThat(answer.toString()).contains("400").doesNotContain(PASSWORD).doesNotContain("err_msg");
		}

		@Test
		void aFoundDefinitionDropsItsSecretsAndShowsOnlyFieldNames() {
			ObjectNode definition = JsonMapper.builder().build().createObjectNode();
			definition.put("connector_id", "rc-1").put("url", "https://user@harbor.example");
			definition.put("password", PASSWORD).put("auth_token", KEY);

			FetchResult.Found found = new FetchResult.Found(definition, 1, Instant.EPOCH, Duration.ZERO, 0);

			assertThat(found.definition().propertyNames()).containsExactly("connector_id", "url");
			assertThat(found.toString()).contains("connector_id", "url")
				.doesNotContain(PASSWORD, KEY, "password", "auth_token", "harbor.example");
		}

	}

	@Nested
	class Echoes {

		@Test
		void aSecretOfOneToThreeCharactersIsBlankedToo() {
			for (String secret : List.of("q", "Zx", "p9!")) {
				String text = "{\"err_msg\": \"password " + secret + " rejected\"}";
				assertThat(Redaction.redact(text, List.of(secret))).as(secret)
					.doesNotContain(secret)
					.contains(Redaction.MARK);
			}
		}

		private static final String TOKEN = "tök/en'<&>x";

		static List<String> forms(String secret) {
			String json = secret.replace("\\", "\\\\").replace("\"", "\\\"");
			return List.of(secret, json, StringEscapeUtils.escapeJson(secret),
					Pattern.compile("\\\\u([0-9A-Fa-f]{4})")
						.matcher(StringEscapeUtils.escapeJson(secret))
						.replaceAll(escape -> "\\\\u" + escape.group(1).toLowerCase(Locale.ROOT)),
					StringEscapeUtils.escapeHtml4(secret), numericEntities(secret),
					StringEscapeUtils.escapeHtml4(StringEscapeUtils.escapeJson(secret)),
					StringEscapeUtils.escapeJson(StringEscapeUtils.escapeJson(secret)));
		}

		private static String numericEntities(String secret) {
			StringBuilder out = new StringBuilder();
			secret.chars()
				.forEach(c -> out.append(Character.isLetterOrDigit(c) && c < 128 ? String.valueOf((char) c)
						: (c % 2 == 0 ? "&#" + c + ";" : "&#x" + Integer.toHexString(c) + ";")));
			return out.toString();
		}

		@Test
		void secretsAreBlankedInEveryEscapedForm() {
			for (String secret : List.of(PASSWORD, TOKEN)) {
				for (String form : forms(secret)) {
					// given
					String echoed = "{\"err_msg\": \"denied for " + form + " at line 3\"}";

					// when
					String redacted = Redaction.redact(echoed, List.of(PASSWORD, TOKEN));

					// then: gone in clear and decoded, and the rest as Cortex wrote it
					assertThat(redacted).as(echoed).isEqualTo("{\"err_msg\": \"denied for (secret) at line 3\"}");
				}
			}
		}

		@Test
		void theKeyIsBlankedEscapedToo() {
			RequestSigner signer = new RequestSigner(AuthMode.STANDARD, "42", KEY, List.of("Authorization"),
					Clock.systemUTC());

			for (String form : forms(KEY)) {
				assertThat(signer.redact("<p>key " + form + " rejected</p>")).isEqualTo("<p>key (secret) rejected</p>");
			}
		}

		@Test
		void textWithoutSecretsIsKeptAsWritten() {
			String text = "{\"err_msg\": \"C:\\\\temp &amp; \\u00fc &bogus; \\x\"}";

			assertThat(Redaction.redact(text, List.of(PASSWORD, TOKEN))).isEqualTo(text);
			assertThat(Redaction.redact(text, List.of(""))).as("an empty secret blanks nothing").isEqualTo(text);
		}

	}

}
