package org.registrysync.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transport against a plain socket server on 127.0.0.1 that frames answers by hand.
 */
class CortexTransportTests {

	private static final DeliverySettings SETTINGS = new DeliverySettings(100, 1, 5, Duration.ofMillis(10),
			Duration.ofMillis(20), 10);

	@Test
	void a204WithContentLengthAndABodyIsAppliedAtTheFirstAttempt() throws Exception {
		// given: a server built from the vendor's OpenAPI export, which declares a JSON
		// body on the 204
		String body = "{\"connector_id\": \"rc-1\"}";
		try (RawServer server = new RawServer(
				"HTTP/1.1 204 No Content\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
				CortexClient client = client(server)) {

			// when: two updates one after the other
			UpdateResult first = client.submit(update("rc-1")).get();
			UpdateResult second = client.submit(update("rc-2")).get();

			// then: both applied at once; the second on a new connection, so that the
			// first's body bytes were not read as its answer
			assertAppliedAtTheFirstAttempt(first, second);
			assertThat(server.requests()).isEqualTo(2);
			assertThat(server.connections()).isEqualTo(2);
		}
	}

	@Test
	void a204WithContentLengthZeroIsAppliedAtTheFirstAttemptOnAKeptAliveConnection() throws Exception {
		// given
		try (RawServer server = new RawServer("HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n");
				CortexClient client = client(server)) {

			// when
			UpdateResult first = client.submit(update("rc-1")).get();
			UpdateResult second = client.submit(update("rc-2")).get();

			// then
			assertAppliedAtTheFirstAttempt(first, second);
			assertThat(server.requests()).isEqualTo(2);
			assertThat(server.connections()).isEqualTo(1);
		}
	}

	@Test
	void aBodyTrickledFasterThanTheReadTimeoutStillMeetsItsDeadline() throws Exception {
		// given: the headers at once, then a byte of the body every 100 ms, with a read
		// timeout of 500 ms that no single read reaches
		try (RawServer server = new RawServer(out -> {
			out.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n".getBytes(StandardCharsets.UTF_8));
			for (int i = 0; i < 100; i++) {
				out.flush();
				Thread.sleep(100);
				out.write('x');
			}
		}); CortexClient client = client(server, Duration.ofMillis(500), 1)) {

			// when
			UpdateResult result = client.submit(update("rc-1")).get();

			// then
			assertThat(result).isInstanceOfSatisfying(UpdateResult.GaveUp.class,
					gaveUp -> assertThat(gaveUp.error().message()).isEqualTo("timed out"));
			assertThat(result.duration()).isLessThan(Duration.ofMillis(2000));
		}
	}

	@Test
	void requestsOnConnectionsSlowToOpenDoNotCrowdTheRateWhereTheyArrive(@TempDir Path dir) throws Exception {
		// given: rate 5 and 4 requests in flight against an HTTPS server whose next 4
		// connections take 400 ms to finish the TLS handshake, inside the client's
		// connect step; later requests reuse the kept-alive connections. One request
		// from another client first, so that the first measured one does not run
		// through code the JVM has not compiled yet.
		int rate = 5;
		try (SlowTlsServer server = new SlowTlsServer(dir, Duration.ofMillis(400))) {
			try (CortexClient warmUp = tlsClient(server, 100, 1)) {
				assertThat(warmUp.submit(update("rc-0")).get(10, TimeUnit.SECONDS))
					.isInstanceOf(UpdateResult.Applied.class);
			}
			server.slowNext(4);
			try (CortexClient client = tlsClient(server, rate, 4)) {

				// when: 12 updates at once
				List<CompletableFuture<UpdateResult>> sending = new ArrayList<>();
				for (int i = 1; i <= 12; i++) {
					sending.add(client.submit(update("rc-" + i)));
				}
				for (CompletableFuture<UpdateResult> result : sending) {
					assertThat(result.get(30, TimeUnit.SECONDS)).isInstanceOf(UpdateResult.Applied.class);
				}
			}

			// then: all 12 arrived, on 4 new connections, and no window of one second at
			// the server holds more than 5 of them. The window is narrowed by 100 ms for
			// this test machine, whose two busy cores can delay one request by tens of
			// milliseconds on its way; slots taken before the connect crowd 6 requests
			// into about 600 ms.
			List<Long> arrivals = server.arrivals().stream().skip(1).sorted().toList();
			assertThat(arrivals).hasSize(12);
			for (int i = rate; i < arrivals.size(); i++) {
				assertThat(Duration.ofNanos(arrivals.get(i) - arrivals.get(i - rate)))
					.as("arrivals %d to %d, ms after the first: %s", i - rate, i,
							arrivals.stream().map(at -> (at - arrivals.get(0)) / 1_000_000).toList())
					.isGreaterThanOrEqualTo(Duration.ofMillis(900));
			}
			assertThat(server.connections()).isEqualTo(1 + 4);
		}
	}

	private static CortexClient tlsClient(SlowTlsServer server, int rate, int maxConcurrency) {
		return new CortexClient(
				new CortexTransport(URI.create("https://127.0.0.1:" + server.port()), signer(), Duration.ofSeconds(2),
						Duration.ofSeconds(5), server.certificate(), Clock.systemUTC()),
				new DeliverySettings(rate, maxConcurrency, 1, Duration.ofMillis(10), Duration.ofMillis(20), 10),
				Clock.systemUTC(), DeliveryListener.NONE);
	}

	@Test
	void aStopEndsARequestWaitingForItsTurnOnAnOpenConnectionWithoutSendingOrRetryingIt() throws Exception {
		// given: rate 1 and 2 requests in flight; the first is answered after 3 s, so the
		// second opens a connection of its own and waits there for its turn
		AtomicInteger retries = new AtomicInteger();
		DeliveryListener listener = new DeliveryListener() {
			@Override
			public void retried() {
				retries.incrementAndGet();
			}
		};
		try (RawServer server = new RawServer(out -> {
			Thread.sleep(3000);
			out.write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.UTF_8));
		});
				CortexClient client = new CortexClient(
						new CortexTransport(URI.create("http://127.0.0.1:" + server.port()), signer(),
								Duration.ofSeconds(2), Duration.ofSeconds(5), null, Clock.systemUTC()),
						new DeliverySettings(1, 2, 5, Duration.ofMillis(10), Duration.ofMillis(20), 10),
						Clock.systemUTC(), listener)) {
			CompletableFuture<UpdateResult> first = client.submit(update("rc-1"));
			CompletableFuture<UpdateResult> second = client.submit(update("rc-2"));
			long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
			while (server.connections() < 2 && System.nanoTime() < deadline) {
				Thread.sleep(10);
			}
			assertThat(server.connections()).as("the second request's connection").isEqualTo(2);

			// when: the run stops while the second waits for its turn
			CortexFatalException reason = new CortexFatalException("stopped by a test");
			client.stop(reason);

			// then: both end with the stop's reason; the second was never sent, not even
			// once its turn had passed, and nothing was retried
			for (CompletableFuture<UpdateResult> result : List.of(first, second)) {
				assertThatThrownBy(() -> result.get(5, TimeUnit.SECONDS)).cause().isSameAs(reason);
			}
			Thread.sleep(1500);
			assertThat(server.requests()).isEqualTo(1);
			assertThat(retries).hasValue(0);
		}
	}

	@Test
	void theReadTimeoutStartsOnceTheRequestsTurnHasCome() throws Exception {
		// given: rate 1, 2 requests in flight and a read timeout of 500 ms, shorter than
		// the second request's wait for its turn
		try (RawServer server = new RawServer("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
				CortexClient client = new CortexClient(
						new CortexTransport(URI.create("http://127.0.0.1:" + server.port()), signer(),
								Duration.ofSeconds(2), Duration.ofMillis(500), null, Clock.systemUTC()),
						new DeliverySettings(1, 2, 1, Duration.ofMillis(10), Duration.ofMillis(20), 10),
						Clock.systemUTC(), DeliveryListener.NONE)) {

			// when
			CompletableFuture<UpdateResult> first = client.submit(update("rc-1"));
			CompletableFuture<UpdateResult> second = client.submit(update("rc-2"));

			// then: both applied at the first attempt
			assertThat(first.get(10, TimeUnit.SECONDS)).isInstanceOf(UpdateResult.Applied.class);
			assertThat(second.get(10, TimeUnit.SECONDS)).isInstanceOf(UpdateResult.Applied.class);
		}
	}

	private static RequestSigner signer() {
		return new RequestSigner(AuthMode.STANDARD, "42", "key-secret-value", List.of("Authorization"),
				Clock.systemUTC());
	}

	private static CortexClient client(RawServer server) {
		return client(server, Duration.ofSeconds(5), SETTINGS.maxAttempts());
	}

	private static CortexClient client(RawServer server, Duration readTimeout, int maxAttempts) {
		CortexTransport transport = new CortexTransport(URI.create("http://127.0.0.1:" + server.port()), signer(),
				Duration.ofSeconds(2), readTimeout, null, Clock.systemUTC());
		return new CortexClient(
				transport, new DeliverySettings(SETTINGS.rateLimit(), SETTINGS.maxConcurrency(), maxAttempts,
						SETTINGS.backoff(), SETTINGS.maxBackoff(), SETTINGS.failureThreshold()),
				Clock.systemUTC(), DeliveryListener.NONE);
	}

	private static ConnectorUpdate update(String id) {
		return new ConnectorUpdate(id, "{}".getBytes(StandardCharsets.UTF_8), List.of());
	}

	@FunctionalInterface
	private interface Answering {

		void answer(OutputStream out) throws IOException, InterruptedException;

	}

	/**
	 * Answers every request on every connection the same way, bytes exactly as given;
	 * keeps each connection open until the client closes it.
	 */
	private static final class RawServer implements AutoCloseable {

		private final ServerSocket socket;

		private final Answering answering;

		private final AtomicInteger connections = new AtomicInteger();

		private final AtomicInteger requests = new AtomicInteger();

		RawServer(String answer) throws IOException {
			this(out -> out.write(answer.getBytes(StandardCharsets.UTF_8)));
		}

		RawServer(Answering answering) throws IOException {
			this.answering = answering;
			this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
			Thread.ofVirtual().start(this::accept);
		}

		int port() {
			return socket.getLocalPort();
		}

		int connections() {
			return connections.get();
		}

		int requests() {
			return requests.get();
		}

		private void accept() {
			while (!socket.isClosed()) {
				try {
					Socket connection = socket.accept();
					connections.incrementAndGet();
					Thread.ofVirtual().start(() -> serve(connection));
				}
				catch (IOException e) {
					// closed
				}
			}
		}

		private void serve(Socket connection) {
			try (connection;
					InputStream in = connection.getInputStream();
					OutputStream out = connection.getOutputStream()) {
				String head;
				while ((head = readHead(in)) != null) {
					in.readNBytes(contentLength(head));
					requests.incrementAndGet();
					answering.answer(out);
					out.flush();
				}
			}
			catch (IOException | InterruptedException e) {
				// the client went away
			}
		}

		private static String readHead(InputStream in) throws IOException {
			ByteArrayOutputStream head = new ByteArrayOutputStream();
			int matched = 0;
			for (int b; (b = in.read()) != -1;) {
				head.write(b);
				matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
				if (matched == 4) {
					return head.toString(StandardCharsets.ISO_8859_1);
				}
			}
			return null;
		}

		private static int contentLength(String head) {
			for (String line : head.split("\r\n")) {
				if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
					return Integer.parseInt(line.substring("content-length:".length()).strip());
				}
			}
			return 0;
		}

		@Override
		public void close() throws IOException {
			socket.close();
		}

	}

	/**
	 * HTTPS on 127.0.0.1 with a self-signed certificate, answering every request
	 * {@code 200} with an empty body on kept-alive connections. The connections counted
	 * by {@link #slowNext} wait before they answer the client's TLS handshake: the
	 * client's TCP connect is done, its handshake is not. Records when each request
	 * arrived, by {@link System#nanoTime()}, in the order they arrived.
	 */
	private static final class SlowTlsServer implements AutoCloseable {

		private final ServerSocket socket;

		private final SSLContext tls;

		private final Path certificate;

		private final AtomicInteger slowConnections = new AtomicInteger();

		private final Duration handshakeDelay;

		private final AtomicInteger connections = new AtomicInteger();

		private final List<Long> arrivals = new CopyOnWriteArrayList<>();

		SlowTlsServer(Path dir, Duration handshakeDelay) throws Exception {
			this.handshakeDelay = handshakeDelay;
			Path keystore = dir.resolve("server.p12");
			this.certificate = dir.resolve("ca.pem");
			CortexClientTests.keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-dname", "CN=localhost",
					"-ext", "SAN=IP:127.0.0.1,DNS:localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore",
					keystore.toString(), "-storepass", "changeit");
			CortexClientTests.keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", keystore.toString(),
					"-storepass", "changeit", "-file", certificate.toString());
			KeyStore keys = KeyStore.getInstance("PKCS12");
			try (InputStream in = Files.newInputStream(keystore)) {
				keys.load(in, "changeit".toCharArray());
			}
			KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			keyManagers.init(keys, "changeit".toCharArray());
			this.tls = SSLContext.getInstance("TLS");
			this.tls.init(keyManagers.getKeyManagers(), null, null);
			this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
			Thread.ofVirtual().start(this::accept);
		}

		int port() {
			return socket.getLocalPort();
		}

		Path certificate() {
			return certificate;
		}

		int connections() {
			return connections.get();
		}

		void slowNext(int count) {
			slowConnections.set(count);
		}

		List<Long> arrivals() {
			return arrivals;
		}

		private void accept() {
			while (!socket.isClosed()) {
				try {
					Socket connection = socket.accept();
					connections.incrementAndGet();
					boolean slow = slowConnections.getAndUpdate(left -> Math.max(left - 1, 0)) > 0;
					Thread.ofVirtual().start(() -> serve(connection, slow));
				}
				catch (IOException e) {
					// closed
				}
			}
		}

		private void serve(Socket raw, boolean slow) {
			try (raw) {
				if (slow) {
					Thread.sleep(handshakeDelay);
				}
				try (SSLSocket connection = (SSLSocket) tls.getSocketFactory()
					.createSocket(raw, raw.getInetAddress().getHostAddress(), raw.getPort(), true)) {
					connection.setUseClientMode(false);
					connection.startHandshake();
					InputStream in = connection.getInputStream();
					OutputStream out = connection.getOutputStream();
					String head;
					while ((head = RawServer.readHead(in)) != null) {
						arrivals.add(System.nanoTime());

						in.readNBytes(RawServer.contentLength(head));
						out.write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.UTF_8));
						out.flush();
					}
				}
			}
			catch (IOException | InterruptedException e) {
				// the client went away
			}
		}

		@Override
		public void close() throws IOException {
			socket.close();
		}

	}

	private static void assertAppliedAtTheFirstAttempt(UpdateResult... results) {
		assertThat(List.of(results)).allSatisfy(result -> assertThat(result)
			.isInstanceOfSatisfying(UpdateResult.Applied.class, applied -> assertThat(applied.status()).isEqualTo(204))
			.extracting(UpdateResult::attempts)
			.isEqualTo(1));
	}

}
