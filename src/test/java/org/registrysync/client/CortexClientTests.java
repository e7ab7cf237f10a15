package org.registrysync.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registrysync.support.FakeCortex;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

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

		// then: the three connectors that opened the breaker gave up, and at most the one
		// whose turn had come as it opened (max-concurrency 1); nothing was sent after
		// that
		List<CompletableFuture<UpdateResult>> finished = results.stream()
			.filter(f -> !f.handle((r, e) -> e != null).join())
			.toList();
		assertThat(finished).hasSizeBetween(3, 4)
			.allSatisfy(f -> assertThat(f.join()).isInstanceOf(UpdateResult.GaveUp.class));
		assertThatThrownBy(() -> results.get(9).get()).isInstanceOf(ExecutionException.class)
			.hasCauseInstanceOf(CortexFatalException.class)
			.hasMessageContaining("3 connectors in a row ran out of retries");
		assertThat(cortex.updates().size()).as("each connector's first attempt, then the second attempts of those")
			.isLessThanOrEqualTo(10 + finished.size());
		client.close();
	}

	@Test
	void aRetryGoesBeforeTheConnectorsSubmittedAfterIt() throws InterruptedException {
		// given: one request in flight at a time, every answer after 100 ms, and rc-1
		// answered 503 once, then retried after 30 ms
		cortex.onEveryUpdate(FakeCortex.accepted().withFixedDelay(100));
		cortex.onUpdateInTurn("rc-1", FakeCortex.error(503, "INTERNAL_ERROR", "busy").withFixedDelay(100),
				FakeCortex.accepted().withFixedDelay(100));
		CortexClient client = client(
				new DeliverySettings(1000, 1, 3, Duration.ofMillis(30), Duration.ofMillis(30), 10));

		// when: the others are submitted while rc-1 is in flight
		List<CompletableFuture<UpdateResult>> results = new ArrayList<>();
		results.add(client.submit(update("rc-1")));
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (cortex.updates().isEmpty() && System.nanoTime() < deadline) {
			Thread.sleep(1);
		}
		for (int i = 2; i <= 6; i++) {
			results.add(client.submit(update("rc-" + i)));
		}
		results.forEach(CompletableFuture::join);

		// then: rc-2 took the slot while rc-1 waited to retry; the retry went next, not
		// after rc-6
		assertThat(cortex.updates()).extracting(FakeCortex::connectorId)
			.containsExactly("rc-1", "rc-2", "rc-1", "rc-3", "rc-4", "rc-5", "rc-6");
		assertThat(results).allSatisfy(result -> assertThat(result.join()).isInstanceOf(UpdateResult.Applied.class));
		client.close();
	}

	@Test
	void anErrorInTheSendTaskFailsTheResultInsteadOfLeavingItOpen() {
		// given: a transport whose signer's clock throws an Error on every attempt
		Clock broken = new Clock() {

			@Override
			public java.time.ZoneId getZone() {
				return java.time.ZoneOffset.UTC;
			}

			@Override
			public Clock withZone(java.time.ZoneId zone) {
				return this;
			}

			@Override
			public java.time.Instant instant() {
				throw new StackOverflowError("deep");
			}

		};
		RequestSigner signer = new RequestSigner(AuthMode.ADVANCED, "42", "key-secret-value", List.of("Authorization"),
				broken);
		CortexTransport transport = new CortexTransport(URI.create(cortex.baseUrl()), signer, Duration.ofSeconds(2),
				Duration.ofSeconds(5), null, Clock.systemUTC());
		CortexClient client = new CortexClient(transport,
				new DeliverySettings(100, 1, 3, Duration.ofMillis(10), Duration.ofMillis(20), 5), Clock.systemUTC(),
				DeliveryListener.NONE);

		// when
		CompletableFuture<UpdateResult> result = client.submit(update("rc-1"));

		// then: failed at once, not retried, and nothing was sent
		assertThatThrownBy(() -> result.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
			.cause()
			.isInstanceOf(CortexFatalException.class)
			.hasMessageContaining("StackOverflowError");
		assertThat(cortex.updates()).isEmpty();
		client.close();
	}

	@Test
	void aStopRacingSubmitsFromManyThreadsFailsEachLateOneWithTheStopReason() throws Exception {
		// given: rounds of four threads submitting as fast as they can, to a port where
		// nobody listens, while the run is stopped
		CortexFatalException reason = new CortexFatalException("stopped by test");
		List<Throwable> escaped = new CopyOnWriteArrayList<>();
		List<CompletableFuture<UpdateResult>> results = new CopyOnWriteArrayList<>();
		for (int round = 0; round < 100; round++) {
			CortexClient client = client(URI.create("http://127.0.0.1:9"), null,
					new DeliverySettings(10_000, 1, 1, Duration.ofMillis(10), Duration.ofMillis(10), 1_000_000));
			AtomicBoolean stopping = new AtomicBoolean();
			List<Thread> submitters = new ArrayList<>();
			for (int t = 0; t < 4; t++) {
				submitters.add(Thread.ofPlatform().start(() -> {
					for (int i = 0; i < 20_000 && !stopping.get(); i++) {
						try {
							results.add(client.submit(update("rc-" + i)));
						}
						catch (Throwable e) {
							escaped.add(e);
						}
					}
				}));
			}

			// when
			Thread.sleep(2);
			client.stop(reason);
			Thread.sleep(1);
			stopping.set(true);
			for (Thread submitter : submitters) {
				submitter.join();
			}
			client.close();
		}

		// then: submit never threw, and every result ended: sent, or failed with the
		// reason
		assertThat(escaped).isEmpty();
		CompletableFuture.allOf(results.stream().map(f -> f.exceptionally(e -> null)).toArray(CompletableFuture[]::new))
			.get(30, TimeUnit.SECONDS);
		List<Throwable> failures = results.stream()
			.filter(CompletableFuture::isCompletedExceptionally)
			.map(result -> result.handle((value, failure) -> failure).join())
			.map(failure -> failure instanceof CompletionException ? failure.getCause() : failure)
			.toList();
		assertThat(failures).isNotEmpty();
		assertThat(failures).filteredOn(failure -> failure != reason).map(Throwable::toString).isEmpty();
	}

	@Test
	void retryAfterIsHonouredOverAShortBackoff() throws Exception {
		// given: a 503 asking for 3 s, with a backoff of 10 ms
		cortex.onUpdateInTurn("rc-1", aResponse().withStatus(503).withHeader("Retry-After", "3"),
				FakeCortex.accepted());
		CortexClient client = client(new DeliverySettings(100, 1, 3, Duration.ofMillis(10), Duration.ofMillis(20), 5));

		// when
		UpdateResult result = client.submit(update("rc-1")).get(20, TimeUnit.SECONDS);

		// then
		assertThat(result).isInstanceOf(UpdateResult.Applied.class);
		assertThat(result.attempts()).isEqualTo(2);
		List<java.util.Date> arrivals = cortex.updates()
			.stream()
			.map(com.github.tomakehurst.wiremock.verification.LoggedRequest::getLoggedDate)
			.toList();
		assertThat(arrivals).hasSize(2);
		assertThat(Duration.ofMillis(arrivals.get(1).getTime() - arrivals.get(0).getTime()))
			.isGreaterThanOrEqualTo(Duration.ofSeconds(3));
		client.close();
	}

	@Test
	void aMissingLicenseStopsTheRunAndSaysSo() throws Exception {
		// given
		cortex.onUpdate("rc-1", FakeCortex.error(402, "FORBIDDEN", "no license"));
		CortexClient client = client(new DeliverySettings(100, 1, 3, Duration.ofMillis(10), Duration.ofMillis(20), 5));

		// when
		CompletableFuture<UpdateResult> first = client.submit(update("rc-1"));
		assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
		CompletableFuture<UpdateResult> next = client.submit(update("rc-2"));

		// then: not retried, and nothing more is sent
		assertThatThrownBy(() -> first.get()).cause()
			.isInstanceOf(CortexFatalException.class)
			.hasMessageContaining("HTTP 402")
			.hasMessageContaining("license");
		assertThatThrownBy(() -> next.get(10, TimeUnit.SECONDS)).cause()
			.isInstanceOf(CortexFatalException.class)
			.hasMessageContaining("license");
		assertThat(cortex.updates()).hasSize(1);
		client.close();
	}

	@Test
	void aHugeRetryAfterIsCutToTheMaximum() {
		assertThat(CortexClient.capRetryAfter(Duration.ofSeconds(999_999_999))).isEqualTo(CortexClient.MAX_RETRY_AFTER);
		assertThat(CortexClient.capRetryAfter(Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
		// the retry's wait: never shorter than asked, after Failsafe's jitter, nor much
		// longer than the maximum
		Duration huge = CortexClient.retryAfterDelay(Duration.ofDays(30));
		assertThat(huge.toNanos() * (1 - CortexClient.JITTER))
			.isBetween((double) CortexClient.MAX_RETRY_AFTER.toNanos(), CortexClient.MAX_RETRY_AFTER.toNanos() + 1.0);
		Duration small = CortexClient.retryAfterDelay(Duration.ofSeconds(3));
		assertThat(small.toNanos() * (1 - CortexClient.JITTER)).isGreaterThanOrEqualTo(3e9);
	}

	@Test
	void aSecretEchoedEscapedIsBlankedOutOfTheError() throws Exception {
		// given: Cortex quotes the password back JSON-escaped, and HTML-escaped inside
		// the message
		String password = "pa\\ss\"wörd/1";
		String body = "{\"err_msg\": \"invalid password \\\"pa\\\\ss\\\"w\\u00f6rd\\/1\\\" "
				+ "(was &quot;pa\\\\ss&quot;w&ouml;rd/1&quot;)\", \"metadata\": {\"code\": \"BAD_REQUEST\"}}";
		cortex.onUpdate("rc-1", aResponse().withStatus(400).withBody(body));
		CortexClient client = client(new DeliverySettings(100, 1, 1, Duration.ofMillis(10), Duration.ofMillis(10), 5));

		// when
		UpdateResult result = client
			.submit(new ConnectorUpdate("rc-1", "{}".getBytes(StandardCharsets.UTF_8), List.of(password)))
			.get(10, TimeUnit.SECONDS);

		// then: the message reads as Cortex wrote it, the password blanked in both forms
		assertThat(result).isInstanceOfSatisfying(UpdateResult.Refused.class,
				refused -> assertThat(refused.error().message())
					.isEqualTo("invalid password \"(secret)\" (was &quot;(secret)&quot;)"));
		client.close();
	}

	@Test
	void tlsTrustsTheConfiguredCertificateBesidesTheSystemOnes(@TempDir Path dir) throws Exception {
		// given: an HTTPS server on 127.0.0.1 whose self-signed certificate no system CA
		// vouches for
		Path keystore = dir.resolve("server.p12");
		Path pem = dir.resolve("ca.pem");
		keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-dname", "CN=localhost", "-ext",
				"SAN=IP:127.0.0.1,DNS:localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore",
				keystore.toString(), "-storepass", "changeit");
		keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", keystore.toString(), "-storepass", "changeit",
				"-file", pem.toString());
		WireMockServer https = new WireMockServer(WireMockConfiguration.options()
			.bindAddress("127.0.0.1")
			.httpDisabled(true)
			.dynamicHttpsPort()
			.keystorePath(keystore.toString())
			.keystorePassword("changeit")
			.keyManagerPassword("changeit")
			.keystoreType("PKCS12"));
		https.start();
		try {
			https.stubFor(com.github.tomakehurst.wiremock.client.WireMock
				.put(com.github.tomakehurst.wiremock.client.WireMock.anyUrl())
				.willReturn(FakeCortex.accepted()));
			URI base = URI.create("https://127.0.0.1:" + https.httpsPort());
			DeliverySettings once = new DeliverySettings(100, 1, 1, Duration.ofMillis(10), Duration.ofMillis(10), 5);

			// when
			UpdateResult trusted = client(base, pem, once).submit(update("rc-1")).get();
			UpdateResult untrusted = client(base, null, once).submit(update("rc-1")).get();

			// then
			assertThat(trusted).isInstanceOf(UpdateResult.Applied.class);
			assertThat(untrusted).isInstanceOfSatisfying(UpdateResult.GaveUp.class,
					gaveUp -> assertThat(gaveUp.error().message()).contains("SSL"));
			assertThat(https.getAllServeEvents()).hasSize(1);
		}
		finally {
			https.stop();
		}
	}

	private static CortexClient client(URI base, Path caCertificate, DeliverySettings settings) {
		RequestSigner signer = new RequestSigner(AuthMode.STANDARD, "42", "key-secret-value", List.of("Authorization"),
				Clock.systemUTC());
		CortexTransport transport = new CortexTransport(base, signer, Duration.ofSeconds(2), Duration.ofSeconds(5),
				caCertificate, Clock.systemUTC());
		return new CortexClient(transport, settings, Clock.systemUTC(), DeliveryListener.NONE);
	}

	static void keytool(String... args) throws Exception {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		assertThat(process.waitFor()).as(output).isZero();
	}

	@Test
	void aBodyThatStallsTimesOutAndIsRetried() throws Exception {
		// given: headers at once, then a body dribbled over 3 s, with a read timeout of
		// 500 ms
		cortex.onUpdateInTurn("rc-1",
				FakeCortex.accepted().withBody("{\"connector_id\": \"rc-1\"}").withChunkedDribbleDelay(5, 3000),
				FakeCortex.accepted());
		RequestSigner signer = new RequestSigner(AuthMode.STANDARD, "42", "key-secret-value", List.of("Authorization"),
				Clock.systemUTC());
		CortexTransport transport = new CortexTransport(URI.create(cortex.baseUrl()), signer, Duration.ofSeconds(2),
				Duration.ofMillis(500), null, Clock.systemUTC());
		CortexClient client = new CortexClient(transport,
				new DeliverySettings(100, 1, 3, Duration.ofMillis(10), Duration.ofMillis(20), 5), Clock.systemUTC(),
				DeliveryListener.NONE);

		// when
		UpdateResult result = client.submit(update("rc-1")).get();

		// then
		assertThat(result).isInstanceOf(UpdateResult.Applied.class);
		assertThat(result.attempts()).isEqualTo(2);
		assertThat(result.duration()).isLessThan(Duration.ofMillis(2500));
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
