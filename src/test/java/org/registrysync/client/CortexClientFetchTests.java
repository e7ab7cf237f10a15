package org.registrysync.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.registrysync.support.FakeCortex;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import tools.jackson.databind.node.ObjectNode;

/** Reading a connector's live definition, against a real HTTP server on 127.0.0.1. */
class CortexClientFetchTests {

	private static final String KEY = "key-secret-value";

	private static final String PASSWORD = "Cl3ar-Pa55w0rd";

	private static final String TOKEN = "Cl3ar-T0ken-9f8e";

	private final FakeCortex cortex = new FakeCortex();

	private final List<CortexClient> clients = new ArrayList<>();

	@AfterEach
	void stop() {
		clients.forEach(CortexClient::close);
		cortex.close();
	}

	private CortexClient client(AuthMode mode, DeliverySettings settings) {
		RequestSigner signer = new RequestSigner(mode, "42", KEY, List.of("Authorization"), Clock.systemUTC());
		CortexTransport transport = new CortexTransport(URI.create(cortex.baseUrl()), signer, Duration.ofSeconds(2),
				Duration.ofSeconds(5), null, Clock.systemUTC());
		CortexClient client = new CortexClient(transport, settings, Clock.systemUTC(), DeliveryListener.NONE);
		clients.add(client);
		return client;
	}

	private CortexClient client() {
		return client(AuthMode.STANDARD,
				new DeliverySettings(100, 2, 3, Duration.ofMillis(10), Duration.ofMillis(20), 5));
	}

	private static ResponseDefinitionBuilder definition(String id, String secrets) {
		return FakeCortex.accepted()
			.withBody("{\"connector_id\": \"" + id + "\", \"vendor\": \"HARBOR\", \"name\": \"Harbor " + id + "\", "
					+ "\"enabled\": true, \"url\": \"https://harbor.example\", \"username\": \"robot\"" + secrets
					+ ", \"initial_scan_configuration\": {\"scan_all\": true}, \"a_newer_field\": [1, 2]}");
	}

	private static FetchResult fetched(CortexClient client, String id) throws Exception {
		return client.fetch(id).get(20, TimeUnit.SECONDS);
	}

	@Test
	void anUpdateDecidedOnAReadGoesInTheReadsTurnAheadOfTheReadsQueuedAfterIt() throws Exception {
		// given: one request at a time; rc-2's read is slow, and rc-3's waits behind it
		cortex.onRead("rc-1", definition("rc-1", "").withFixedDelay(50));
		cortex.onRead("rc-2", definition("rc-2", "").withFixedDelay(300));
		cortex.onUpdate("rc-1", FakeCortex.accepted().withFixedDelay(50));
		cortex.onRead("rc-3", definition("rc-3", ""));
		CortexClient client = client(AuthMode.STANDARD,
				new DeliverySettings(1000, 1, 3, Duration.ofMillis(10), Duration.ofMillis(20), 5));

		// when: rc-1's update is sent as its read's answer arrives
		CompletableFuture<UpdateResult> update = client.fetch("rc-1")
			.thenCompose(found -> client.submit(
					new ConnectorUpdate("rc-1", "{}".getBytes(StandardCharsets.UTF_8), List.of()),
					(FetchResult.Found) found));
		CompletableFuture<FetchResult> second = client.fetch("rc-2");
		CompletableFuture<FetchResult> third = client.fetch("rc-3");
		CompletableFuture.allOf(update, second, third).get(20, TimeUnit.SECONDS);

		// then: it went before rc-3's read, which was submitted after rc-1's
		assertThat(cortex.requests()).extracting(request -> request.getMethod() + " " + FakeCortex.connectorId(request))
			.containsExactly("GET rc-1", "GET rc-2", "PUT rc-1", "GET rc-3");
	}

	@Test
	void aDefinitionIsFoundWithItsFieldsAndWithoutItsSecretsWhateverCortexAnswersForThem() throws Exception {
		// given: Cortex masks the secrets, omits them, answers null, or answers them in
		// clear
		cortex.onRead("rc-masked", definition("rc-masked", ", \"password\": \"********\", \"auth_token\": \"****\""));
		cortex.onRead("rc-omitted", definition("rc-omitted", ""));
		cortex.onRead("rc-null", definition("rc-null", ", \"password\": null, \"auth_token\": null"));
		cortex.onRead("rc-clear",
				definition("rc-clear", ", \"password\": \"" + PASSWORD + "\", \"auth_token\": \"" + TOKEN + "\""));
		CortexClient client = client();

		for (String id : List.of("rc-masked", "rc-omitted", "rc-null", "rc-clear")) {
			// when
			FetchResult result = fetched(client, id);

			// then: every other field as Cortex wrote it, a field the tool does not know
			// too
			assertThat(result).as(id).isInstanceOfSatisfying(FetchResult.Found.class, found -> {
				ObjectNode definition = found.definition();
				assertThat(definition.propertyNames()).containsExactly("connector_id", "vendor", "name", "enabled",
						"url", "username", "initial_scan_configuration", "a_newer_field");
				assertThat(definition.get("connector_id").asString()).isEqualTo(id);
				assertThat(definition.get("initial_scan_configuration").get("scan_all").asBoolean()).isTrue();
				assertThat(definition.get("a_newer_field").size()).isEqualTo(2);
				assertThat(definition.toString()).doesNotContain(PASSWORD, TOKEN, "password", "auth_token", "***");
				assertThat(found.toString()).contains("connector_id")
					.doesNotContain(PASSWORD, TOKEN, "password", "auth_token", "***", "harbor.example");
			});
			assertThat(result.attempts()).isEqualTo(1);
		}
		// one GET each, with the headers of an update
		assertThat(cortex.reads()).extracting(FakeCortex::connectorId)
			.containsExactly("rc-masked", "rc-omitted", "rc-null", "rc-clear");
		assertThat(cortex.reads()).allSatisfy(read -> {
			assertThat(read.getHeader("Accept")).isEqualTo("application/json");
			assertThat(read.getHeader("x-xdr-auth-id")).isEqualTo("42");
			assertThat(read.getHeader("Authorization")).isEqualTo(KEY);
		});
	}

	@Test
	void whatTheCallerDoesWithADefinitionChangesNoOtherRead() throws Exception {
		// given
		cortex.onRead("rc-1", definition("rc-1", ""));
		FetchResult.Found found = (FetchResult.Found) fetched(client(), "rc-1");

		// when
		found.definition().put("password", PASSWORD);

		// then
		assertThat(found.definition().has("password")).isFalse();
	}

	@Test
	void theIdIsPercentEncodedAsOnePathSegment() throws Exception {
		// given
		cortex.onRead("z%C3%BCrich%2Feast", definition("zürich/east", ""));

		// when
		FetchResult result = fetched(client(), "zürich/east");

		// then
		assertThat(result).isInstanceOf(FetchResult.Found.class);
		assertThat(cortex.reads()).extracting(LoggedRequest::getUrl)
			.containsExactly(FakeCortex.INSTANCES + "z%C3%BCrich%2Feast");
	}

	@Test
	void aServerErrorIsRetriedAndEachAttemptIsSignedAnewInAdvancedMode() throws Exception {
		// given
		cortex.onReadInTurn("rc-1", FakeCortex.error(503, "INTERNAL_ERROR", "busy"), definition("rc-1", ""));
		CortexClient client = client(AuthMode.ADVANCED,
				new DeliverySettings(100, 1, 3, Duration.ofMillis(10), Duration.ofMillis(20), 5));

		// when
		FetchResult result = fetched(client, "rc-1");

		// then
		assertThat(result).isInstanceOf(FetchResult.Found.class);
		assertThat(result.attempts()).isEqualTo(2);
		List<LoggedRequest> reads = cortex.reads();
		assertThat(reads).hasSize(2).allSatisfy(read -> {
			String nonce = read.getHeader("x-xdr-nonce");
			String timestamp = read.getHeader("x-xdr-timestamp");
			assertThat(nonce).matches("[A-Za-z0-9]{64}");
			assertThat(timestamp).matches("\\d{13}");
			assertThat(read.getHeader("x-xdr-auth-id")).isEqualTo("42");
			assertThat(read.getHeader("Authorization")).isEqualTo(Sha256.hex(KEY + nonce + timestamp));
		});
		assertThat(reads.get(0).getHeader("x-xdr-nonce")).isNotEqualTo(reads.get(1).getHeader("x-xdr-nonce"));
	}

	@Test
	void readsAndUpdatesShareOneRateLimit() throws Exception {
		// given: rate 5 and 4 requests in flight, answered at once. One read and one
		// update from another client first, so that the measured ones do not run
		// through code the JVM has not compiled yet.
		int rate = 5;
		cortex.onEveryUpdate(FakeCortex.accepted());
		for (int i = 0; i <= 12; i++) {
			cortex.onRead("rc-" + i, definition("rc-" + i, ""));
		}
		CortexClient warmUp = client();
		assertThat(fetched(warmUp, "rc-0")).isInstanceOf(FetchResult.Found.class);
		assertThat(warmUp.submit(update("rc-0")).get(10, TimeUnit.SECONDS)).isInstanceOf(UpdateResult.Applied.class);
		long measured = System.nanoTime();
		CortexClient client = client(AuthMode.STANDARD,
				new DeliverySettings(rate, 4, 1, Duration.ofMillis(10), Duration.ofMillis(20), 5));

		// when: 12 requests at once, reads and updates in turn
		List<CompletableFuture<?>> sending = new ArrayList<>();
		for (int i = 1; i <= 12; i++) {
			sending.add((i % 2 == 0) ? client.submit(update("rc-" + i)) : client.fetch("rc-" + i));
		}
		for (CompletableFuture<?> result : sending) {
			assertThat(result.get(30, TimeUnit.SECONDS)).isInstanceOfAny(FetchResult.Found.class,
					UpdateResult.Applied.class);
		}

		// then: no window of one second at the server holds more than 5 of them,
		// narrowed by 100 ms for this machine's jitter, as for updates alone
		List<Long> arrivals = cortex.arrivals().stream().filter(at -> at - measured > 0).sorted().toList();
		assertThat(arrivals).hasSize(12);
		assertThat(cortex.reads()).hasSize(1 + 6);
		assertThat(cortex.updates()).hasSize(1 + 6);
		for (int i = rate; i < arrivals.size(); i++) {
			assertThat(Duration.ofNanos(arrivals.get(i) - arrivals.get(i - rate)))
				.as("arrivals %d to %d, ms after the first: %s", i - rate, i,
						arrivals.stream().map(at -> (at - arrivals.get(0)) / 1_000_000).toList())
				.isGreaterThanOrEqualTo(Duration.ofMillis(900));
		}
	}

	private static ConnectorUpdate update(String id) {
		return new ConnectorUpdate(id, "{}".getBytes(StandardCharsets.UTF_8), List.of());
	}

	@Nested
	class Errors {

		@Test
		void aMissingConnectorIsNotFoundAtTheFirstAttempt() throws Exception {
			// given
			cortex.onRead("rc-gone", FakeCortex.error(404, "NOT_FOUND", "Connector ID not found"));

			// when
			FetchResult result = fetched(client(), "rc-gone");

			// then
			assertThat(result).isInstanceOfSatisfying(FetchResult.NotFound.class,
					notFound -> assertThat(notFound.error())
						.isEqualTo(new CortexError("NOT_FOUND", "Connector ID not found")));
			assertThat(result.attempts()).isEqualTo(1);
			assertThat(cortex.reads()).hasSize(1);
		}

		@Test
		void aRejectedKeyStopsTheRunAndNothingMoreIsSent() throws Exception {
			// given
			cortex.onRead("rc-1", FakeCortex.error(401, "UNAUTHORIZED", "bad key"));
			CortexClient client = client();

			// when
			CompletableFuture<FetchResult> first = client.fetch("rc-1");
			assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
			CompletableFuture<UpdateResult> update = client.submit(update("rc-2"));
			CompletableFuture<FetchResult> read = client.fetch("rc-3");

			// then: not retried, and neither the update nor the read after it was sent
			assertThatThrownBy(() -> first.get()).cause()
				.isInstanceOf(CortexFatalException.class)
				.hasMessageContaining("HTTP 401")
				.hasMessageContaining("the API key was rejected");
			assertThatThrownBy(() -> update.get(10, TimeUnit.SECONDS)).cause()
				.isInstanceOf(CortexFatalException.class)
				.hasMessageContaining("HTTP 401");
			assertThatThrownBy(() -> read.get(10, TimeUnit.SECONDS)).cause()
				.isInstanceOf(CortexFatalException.class)
				.hasMessageContaining("HTTP 401");
			assertThat(cortex.requests()).hasSize(1);
		}

		@Test
		void aForbiddenReadSaysTheKeyMayNotRead() throws Exception {
			// given
			cortex.onRead("rc-1", FakeCortex.error(403, "FORBIDDEN", "no"));

			// when
			CompletableFuture<FetchResult> result = client().fetch("rc-1");

			// then
			assertThatThrownBy(() -> result.get(10, TimeUnit.SECONDS)).cause()
				.isInstanceOf(CortexFatalException.class)
				.hasMessageContaining("may not read registry connectors");
		}

		@Test
		void anotherClientErrorIsRefusedWithTheKeyBlankedOut() throws Exception {
			// given: Cortex quotes the key back
			cortex.onRead("rc-1", FakeCortex.error(400, "BAD_REQUEST", "bad request with key " + KEY));

			// when
			FetchResult result = fetched(client(), "rc-1");

			// then
			assertThat(result).isInstanceOfSatisfying(FetchResult.Refused.class, refused -> {
				assertThat(refused.status()).isEqualTo(400);
				assertThat(refused.error().message()).isEqualTo("bad request with key (secret)");
			});
			assertThat(result.attempts()).isEqualTo(1);
		}

		@Test
		void serverErrorsUntilTheAttemptsRunOutGiveUp() throws Exception {
			// given
			cortex.onRead("rc-1", FakeCortex.error(503, "INTERNAL_ERROR", "busy"));

			// when
			FetchResult result = fetched(client(), "rc-1");

			// then
			assertThat(result).isInstanceOfSatisfying(FetchResult.GaveUp.class,
					gaveUp -> assertThat(gaveUp.status()).isEqualTo(503));
			assertThat(result.attempts()).isEqualTo(3);
			assertThat(cortex.reads()).hasSize(3);
		}

		@Test
		void aDefinitionUpToTheBoundIsReadAndALongerOneIsUnreadableAndNotCut() throws Exception {
			// given: two JSON objects, one exactly the bound long, one a byte more
			String head = "{\"connector_id\": \"rc-1\", \"password\": \"" + PASSWORD + "\", \"name\": \"";
			String atBound = head + "x".repeat(CortexTransport.MAX_DEFINITION - head.length() - 2) + "\"}";
			assertThat(atBound).hasSize(CortexTransport.MAX_DEFINITION);
			cortex.onRead("rc-1", FakeCortex.accepted().withBody(atBound));
			cortex.onRead("rc-2", FakeCortex.accepted().withBody(atBound.replace("\"}", "x\"}")));
			CortexClient client = client();

			// when
			FetchResult atTheBound = fetched(client, "rc-1");
			FetchResult beyond = fetched(client, "rc-2");

			// then
			assertThat(atTheBound).isInstanceOfSatisfying(FetchResult.Found.class,
					found -> assertThat(found.definition().get("name").asString())
						.hasSize(CortexTransport.MAX_DEFINITION - head.length() - 2));
			assertThat(beyond).isInstanceOfSatisfying(FetchResult.Unreadable.class, unreadable -> {
				assertThat(unreadable.status()).isEqualTo(200);
				assertThat(unreadable.error().message()).isEqualTo(
						"the definition is longer than 4 MiB, the most the client reads; nothing of it was kept");
			});
			assertThat(beyond.attempts()).isEqualTo(1);
			assertThat(beyond.toString()).doesNotContain(PASSWORD).hasSizeLessThan(1000);
		}

		@Test
		void aBodyThatIsNoJsonObjectIsUnreadableAndNotQuoted() throws Exception {
			// given
			cortex.onRead("rc-array", FakeCortex.accepted().withBody("[{\"password\": \"" + PASSWORD + "\"}]"));
			cortex.onRead("rc-broken", FakeCortex.accepted().withBody("{\"password\": " + PASSWORD + "}"));
			cortex.onRead("rc-trailing",
					FakeCortex.accepted().withBody("{\"name\": \"a\"} {\"password\": \"" + PASSWORD + "\"}"));
			cortex.onRead("rc-key", FakeCortex.accepted().withBody("oops " + KEY));
			cortex.onRead("rc-empty", aResponse().withStatus(200));
			CortexClient client = client();

			// when
			List<FetchResult> results = new ArrayList<>();
			for (String id : List.of("rc-array", "rc-broken", "rc-trailing", "rc-key", "rc-empty")) {
				results.add(fetched(client, id));
			}

			// then
			assertThat(results).allSatisfy(result -> {
				assertThat(result).isInstanceOf(FetchResult.Unreadable.class);
				assertThat(result.attempts()).isEqualTo(1);
				assertThat(result.toString()).doesNotContain(PASSWORD, KEY, "oops");
			});
			assertThat(results).extracting(result -> ((FetchResult.Unreadable) result).error().message())
				.containsExactly("the body is a JSON array, not an object: not a definition",
						"the body is not JSON (at line 1, column 14): not a definition",
						"the body is not JSON (at line 1, column 15): not a definition",
						"the body is not JSON (at line 1, column 1): not a definition",
						"the answer has no body, not a definition");
		}

	}

}
