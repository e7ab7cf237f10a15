package org.registrysync.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

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
			assertThat(List.of(first, second)).allSatisfy(result -> assertThat(result)
				.isInstanceOfSatisfying(UpdateResult.Applied.class,
						applied -> assertThat(applied.status()).isEqualTo(204))
				.extracting(UpdateResult::attempts)
				.isEqualTo(1));
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
			assertThat(List.of(first, second)).allSatisfy(result -> assertThat(result)
				.isInstanceOfSatisfying(UpdateResult.Applied.class,
						applied -> assertThat(applied.status()).isEqualTo(204))
				.extracting(UpdateResult::attempts)
				.isEqualTo(1));
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

	private static CortexClient client(RawServer server) {
		return client(server, Duration.ofSeconds(5), SETTINGS.maxAttempts());
	}

	private static CortexClient client(RawServer server, Duration readTimeout, int maxAttempts) {
		RequestSigner signer = new RequestSigner(AuthMode.STANDARD, "42", "key-secret-value", List.of("Authorization"),
				Clock.systemUTC());
		CortexTransport transport = new CortexTransport(URI.create("http://127.0.0.1:" + server.port()), signer,
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

}
