package org.registrysync.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

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

	}

}
