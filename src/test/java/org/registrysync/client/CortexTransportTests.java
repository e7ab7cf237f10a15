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

	private static CortexClient client(RawServer server) {
		RequestSigner signer = new RequestSigner(AuthMode.STANDARD, "42", "key-secret-value", List.of("Authorization"),
				Clock.systemUTC());
		CortexTransport transport = new CortexTransport(URI.create("http://127.0.0.1:" + server.port()), signer,
				Duration.ofSeconds(2), Duration.ofSeconds(5), null, Clock.systemUTC());
		return new CortexClient(transport, SETTINGS, Clock.systemUTC(), DeliveryListener.NONE);
	}

	private static ConnectorUpdate update(String id) {
		return new ConnectorUpdate(id, "{}".getBytes(StandardCharsets.UTF_8), List.of());
	}

	/**
	 * Answers every request on every connection with the same bytes, exactly as given;
	 * keeps each connection open until the client closes it.
	 */
	private static final class RawServer implements AutoCloseable {

		private final ServerSocket socket;

		private final byte[] answer;

		private final AtomicInteger connections = new AtomicInteger();

		private final AtomicInteger requests = new AtomicInteger();

		RawServer(String answer) throws IOException {
			this.answer = answer.getBytes(StandardCharsets.UTF_8);
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
					out.write(answer);
					out.flush();
				}
			}
			catch (IOException e) {
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
