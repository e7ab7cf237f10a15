package org.registrysync.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.registrysync.support.FakeCortex;

/** The client against a real HTTP server on 127.0.0.1. */
class CortexClientTests {

	private final FakeCortex cortex = new FakeCortex();

	@AfterEach
	void stop() {
		cortex.close();
	}

	private CortexClient client(DeliverySettings settings) {
		RequestSigner signer = new RequestSigner(AuthMode.STANDARD, "42", "key-secret-value", List.of("Authorization"),
				Clock.systemUTC());
		CortexTransport transport = new CortexTransport(URI.create(cortex.baseUrl()), signer, Duration.ofSeconds(2),
				Duration.ofSeconds(5), null, Clock.systemUTC());
		return new CortexClient(transport, settings, Clock.systemUTC(), DeliveryListener.NONE);
	}

	private static ConnectorUpdate update(String id) {
		return new ConnectorUpdate(id, "{}".getBytes(), List.of());
	}

	@Test
	void theCircuitBreakerStopsSendingOnceConnectorsInARowRanOutOfRetries() {
		// given
		cortex.onEveryUpdate(aResponse().withStatus(503));
		CortexClient client = client(new DeliverySettings(100, 1, 2, Duration.ofMillis(10), Duration.ofMillis(20), 3));

		// when
		List<CompletableFuture<UpdateResult>> results = new ArrayList<>();
		for (int i = 1; i <= 10; i++) {
			results.add(client.submit(update("rc-" + i)));
		}

		// then: the three connectors that opened the breaker gave up; nothing was sent
		// after that
		List<CompletableFuture<UpdateResult>> finished = results.stream()
			.filter(f -> !f.handle((r, e) -> e != null).join())
			.toList();
		assertThat(finished).hasSize(3).allSatisfy(f -> assertThat(f.join()).isInstanceOf(UpdateResult.GaveUp.class));
		assertThatThrownBy(() -> results.get(9).get()).isInstanceOf(ExecutionException.class)
			.hasCauseInstanceOf(CortexFatalException.class)
			.hasMessageContaining("3 connectors in a row ran out of retries");
		assertThat(cortex.updates().size()).as("each connector's first attempt, then the second attempts of three")
			.isLessThanOrEqualTo(13);
		client.close();
	}

	@Test
	void retryAfterAsSecondsOrHttpDate() {
		Clock clock = Clock.fixed(java.time.Instant.parse("2026-11-27T02:00:00Z"), java.time.ZoneOffset.UTC);
		assertThat(CortexTransport.retryAfter("7", clock)).contains(Duration.ofSeconds(7));
		assertThat(CortexTransport.retryAfter("Fri, 27 Nov 2026 02:00:30 GMT", clock)).contains(Duration.ofSeconds(30));
		assertThat(CortexTransport.retryAfter("Fri, 27 Nov 2026 01:00:00 GMT", clock)).contains(Duration.ZERO);
		assertThat(CortexTransport.retryAfter("soon", clock)).isEmpty();
	}

	@Test
	void idsArePercentEncodedAsOnePathSegment() {
		assertThat(PathSegments.encode("rc-1.a_b~c")).isEqualTo("rc-1.a_b~c");
		assertThat(PathSegments.encode("zürich east")).isEqualTo("z%C3%BCrich%20east");
		assertThat(PathSegments.encode("a/b?c#d%e")).isEqualTo("a%2Fb%3Fc%23d%25e");
	}

	@Test
	void errorBodiesOfBothShapesAreParsedAndOthersKeptAsText() {
		assertThat(
				CortexError.parse("{\"err_msg\": \"Connector ID not found\", \"metadata\": {\"code\": \"NOT_FOUND\"}}"))
			.isEqualTo(new CortexError("NOT_FOUND", "Connector ID not found"));
		assertThat(CortexError.parse("{\"reply\": {\"err_code\": 500, \"err_msg\": \"boom\", \"err_extra\": null}}"))
			.isEqualTo(new CortexError("500", "boom"));
		assertThat(CortexError.parse("Bad Gateway")).isEqualTo(new CortexError(null, "Bad Gateway"));
		assertThat(CortexError.parse("x".repeat(2000)).message()).hasSize(CortexError.MAX_TEXT);
		assertThat(CortexError.parse("")).isEqualTo(new CortexError(null, null));
	}

}
