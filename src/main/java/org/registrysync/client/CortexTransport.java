package org.registrysync.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;

/**
 * One HTTP exchange with Cortex on the JDK's {@link HttpClient}: keep-alive connections,
 * HTTP/2 where TLS negotiates it and HTTP/1.1 otherwise, the JVM's proxy settings
 * ({@code https.proxyHost}, …), the system trust store plus
 * {@code cortex.ca-certificate}, connect and read timeouts, and fresh authentication
 * headers on every request. Thread-safe.
 */
public final class CortexTransport {

	/** The update endpoint, below the base URL. */
	public static final String INSTANCES_PATH = "/public_api/v1/cwp/registry_onboarding/instances/";

	/** The key check, below the base URL. */
	public static final String VALIDATE_PATH = "/api_keys/validate/";

	private static final int MAX_BODY = 64 * 1024;

	private static final ExecutorService BODY_READERS = Executors.newVirtualThreadPerTaskExecutor();

	private final HttpClient http;

	private final String baseUrl;

	private final RequestSigner signer;

	private final Duration readTimeout;

	private final Clock clock;

	public CortexTransport(URI baseUrl, RequestSigner signer, Duration connectTimeout, Duration readTimeout,
			@Nullable Path caCertificate, Clock clock) {
		String base = baseUrl.toString();
		this.baseUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
		this.signer = signer;
		this.readTimeout = readTimeout;
		this.clock = clock;
		HttpClient.Builder builder = HttpClient.newBuilder()
			.connectTimeout(connectTimeout)
			.proxy(ProxySelector.getDefault())
			.followRedirects(HttpClient.Redirect.NEVER)
			// h2c upgrade on plain HTTP would delay the first request; TLS negotiates
			// HTTP/2 by ALPN.
			.version("https".equalsIgnoreCase(baseUrl.getScheme()) ? HttpClient.Version.HTTP_2
					: HttpClient.Version.HTTP_1_1);
		if (caCertificate != null) {
			builder.sslContext(TrustStores.withExtraCertificates(caCertificate));
		}
		this.http = builder.build();
	}

	/**
	 * What Cortex answered.
	 *
	 * @param status the HTTP status
	 * @param body the body (at most 64 KiB of it), for errors; it may echo what was sent,
	 * secrets included, so {@link #toString()} shows only its length
	 * @param retryAfter the wait Cortex asked for in {@code Retry-After}, if any
	 */
	public record Answer(int status, String body, Optional<Duration> retryAfter) {

		public boolean successful() {
			return status >= 200 && status < 300;
		}

		@Override
		public String toString() {
			return "Answer[status=" + status + ", body=(" + body.length() + " characters), retryAfter=" + retryAfter
					+ "]";
		}

	}

	/** The text with the API key blanked out, should Cortex echo it. */
	public String redactKey(String text) {
		return signer.redact(text);
	}

	/**
	 * The URL that updates a connector: the base, the endpoint and the percent-encoded
	 * id.
	 */
	public URI updateUri(String connectorId) {
		return URI.create(baseUrl + INSTANCES_PATH + PathSegments.encode(connectorId));
	}

	/** Sends one update. */
	public Answer put(String connectorId, byte[] body) throws IOException, InterruptedException {
		HttpRequest.Builder request = request(updateUri(connectorId)).header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofByteArray(body));
		return send(request);
	}

	/** Asks whether the key is valid. */
	public Answer validateKey() throws IOException, InterruptedException {
		return send(request(URI.create(baseUrl + VALIDATE_PATH)).GET());
	}

	private HttpRequest.Builder request(URI uri) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri)
			.timeout(readTimeout)
			.header("Accept", "application/json");
		signer.headers().forEach(request::header);
		return request;
	}

	private Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
		HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
		String body;
		try (InputStream in = response.body()) {
			body = new String(readBody(in), StandardCharsets.UTF_8);
		}
		return new Answer(response.statusCode(), body,
				response.headers().firstValue("Retry-After").flatMap(value -> retryAfter(value, clock)));
	}

	/**
	 * The first 64 KiB of the body, the rest read and dropped so that the connection can
	 * be reused. The request's timeout covers the wait for the headers only, so the body
	 * has its own deadline: a server that stalls in the middle of a body cannot hold the
	 * run.
	 */
	private byte[] readBody(InputStream in) throws IOException, InterruptedException {
		Future<byte[]> body = BODY_READERS.submit(() -> {
			byte[] head = in.readNBytes(MAX_BODY);
			in.transferTo(OutputStream.nullOutputStream());
			return head;
		});
		try {
			return body.get(readTimeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException e) {
			body.cancel(true);
			in.close();
			throw new HttpTimeoutException("the response body did not arrive within " + readTimeout.toMillis() + " ms");
		}
		catch (ExecutionException e) {
			throw (e.getCause() instanceof IOException io) ? io : new IOException(e.getCause());
		}
	}

	/**
	 * {@code Retry-After} as seconds or as an HTTP date; a date in the past means no
	 * wait.
	 */
	static Optional<Duration> retryAfter(String value, Clock clock) {
		String text = value.strip();
		if (text.matches("\\d{1,9}")) {
			return Optional.of(Duration.ofSeconds(Long.parseLong(text)));
		}
		try {
			ZonedDateTime when = ZonedDateTime.parse(text,
					DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT));
			Duration wait = Duration.between(clock.instant(), when.toInstant());
			return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
		}
		catch (DateTimeParseException e) {
			return Optional.empty();
		}
	}

}
