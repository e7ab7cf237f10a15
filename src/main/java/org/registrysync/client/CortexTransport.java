package org.registrysync.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProxySelector;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPut;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.routing.SystemDefaultRoutePlanner;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.ssl.SSLContexts;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP exchange with Cortex, on Apache HttpClient 5 (classic, HTTP/1.1): keep-alive
 * connections, the JVM's proxy settings ({@code https.proxyHost}, …), the system trust
 * store plus {@code cortex.ca-certificate}, a connect timeout for TCP and TLS, a read
 * timeout for the response's headers and again for its body, no redirects, no retries of
 * its own, and fresh authentication headers on every request.
 * <p>
 * Each request passes a {@link Gate} given by the caller once its connection is open
 * (leased, TCP connected, TLS handshake and any proxy tunnel done), just before it is
 * written: the caller's rate limit then counts the moment the request really leaves, not
 * a moment before a connect of unknown length. The authentication headers are made and
 * the read timeout starts after the gate; the connect timeout bounds what comes before.
 * <p>
 * A 2xx is a success however the server frames it: a {@code 204} ends at its headers (RFC
 * 9112 §6.3) even when the server also sends {@code Content-Length} and body bytes, as
 * servers built from the vendor's OpenAPI export do; such a connection is closed rather
 * than reused, so that those bytes are never read as the next answer. Thread-safe;
 * {@link #close()} closes its connections.
 */
public final class CortexTransport implements AutoCloseable {

	/** The update endpoint, below the base URL. */
	public static final String INSTANCES_PATH = "/public_api/v1/cwp/registry_onboarding/instances/";

	/** The key check, below the base URL. */
	public static final String VALIDATE_PATH = "/api_keys/validate/";

	/** The most of an error body, or of an update's answer, that is read. */
	private static final int MAX_BODY = 64 * 1024;

	/**
	 * The largest connector definition a read takes: 4 MiB, far above any real connector
	 * (a few KiB, a CA certificate included), so that a runaway answer cannot fill the
	 * memory of a run with many reads in flight. A longer one is read to its end, so that
	 * the connection can be reused, and marked {@link Answer#cut() cut}.
	 */
	public static final int MAX_DEFINITION = 4 * 1024 * 1024;

	private static final ContentType JSON = ContentType.create("application/json");

	private static final ScheduledThreadPoolExecutor DEADLINES = deadlines();

	private static final String EXCHANGE = CortexTransport.class.getName() + ".exchange";

	private final CloseableHttpClient http;

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
		Timeout connect = Timeout.of(connectTimeout);
		Timeout read = Timeout.of(readTimeout);
		this.http = HttpClients.custom()
			.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
				.setTlsSocketStrategy(new DefaultClientTlsStrategy(caCertificate != null
						? TrustStores.withExtraCertificates(caCertificate) : SSLContexts.createSystemDefault()))
				.setDefaultConnectionConfig(ConnectionConfig.custom()
					.setConnectTimeout(connect)
					.setSocketTimeout(read)
					// A connection the server closed while idle is found before it is
					// used, not by a failed attempt.
					.setValidateAfterInactivity(TimeValue.ofSeconds(1))
					.build())
				.setDefaultTlsConfig(TlsConfig.custom().setHandshakeTimeout(connect).build())
				// CortexClient bounds the requests in flight; a smaller pool would be a
				// second, hidden bound.
				.setMaxConnTotal(Integer.MAX_VALUE)
				.setMaxConnPerRoute(Integer.MAX_VALUE)
				.build())
			.setDefaultRequestConfig(RequestConfig.custom()
				.setConnectionRequestTimeout(connect)
				.setResponseTimeout(read)
				.setRedirectsEnabled(false)
				.build())
			.setRoutePlanner(new SystemDefaultRoutePlanner(ProxySelector.getDefault()))
			// After the lease, TCP, TLS and any proxy tunnel; before the request is sent.
			.addExecInterceptorAfter(ChainElement.CONNECT.name(), "rate-gate", CortexTransport::atGate)
			// CortexClient retries, under the rate limit; the body is read as sent.
			.disableAutomaticRetries()
			.disableRedirectHandling()
			.disableContentCompression()
			.disableCookieManagement()
			.disableAuthCaching()
			.build();
	}

	/**
	 * What a request waits for once its connection is open, just before it is written:
	 * the caller's turn under the rate. It may throw an unchecked exception not to send
	 * the request at all; that exception, or the {@link InterruptedException}, comes out
	 * of the transport's method as thrown, the connection closed.
	 */
	@FunctionalInterface
	public interface Gate {

		void pass() throws InterruptedException;

	}

	/**
	 * What Cortex answered.
	 *
	 * @param status the HTTP status
	 * @param body the body: at most 64 KiB of an error or of an update's answer, at most
	 * {@link #MAX_DEFINITION} of a read's 2xx; it may echo what was sent, secrets
	 * included, or hold a connector's secrets, so {@link #toString()} shows only its
	 * length
	 * @param retryAfter the wait Cortex asked for in {@code Retry-After}, if any
	 * @param cut whether the body was longer than its bound and only its start is kept
	 */
	public record Answer(int status, String body, Optional<Duration> retryAfter, boolean cut) {

		/** An answer whose body was kept whole. */
		public Answer(int status, String body, Optional<Duration> retryAfter) {
			this(status, body, retryAfter, false);
		}

		public boolean successful() {
			return status >= 200 && status < 300;
		}

		@Override
		public String toString() {
			return "Answer[status=" + status + ", body=(" + body.length() + " characters" + (cut ? ", cut" : "")
					+ "), retryAfter=" + retryAfter + "]";
		}

	}

	/** The text with the API key blanked out, should Cortex echo it. */
	public String redactKey(String text) {
		return signer.redact(text);
	}

	/**
	 * The URL of a connector, to update or read: the base, the endpoint and the
	 * percent-encoded id.
	 */
	public URI updateUri(String connectorId) {
		return URI.create(baseUrl + INSTANCES_PATH + PathSegments.encode(connectorId));
	}

	/** Sends one update, through the gate once its connection is open. */
	public Answer put(String connectorId, byte[] body, Gate gate) throws IOException, InterruptedException {
		HttpPut put = new HttpPut(updateUri(connectorId));
		put.setEntity(new ByteArrayEntity(body, JSON));
		return send(put, gate, MAX_BODY);
	}

	/**
	 * Reads one connector's definition, through the gate once its connection is open; a
	 * 2xx body is kept up to {@link #MAX_DEFINITION}.
	 */
	public Answer get(String connectorId, Gate gate) throws IOException, InterruptedException {
		return send(new HttpGet(updateUri(connectorId)), gate, MAX_DEFINITION);
	}

	/** Asks whether the key is valid, through the gate once its connection is open. */
	public Answer validateKey(Gate gate) throws IOException, InterruptedException {
		return send(new HttpGet(URI.create(baseUrl + VALIDATE_PATH)), gate, MAX_BODY);
	}

	@Override
	public void close() throws IOException {
		http.close();
	}

	/**
	 * @param maxSuccessBody the most of a 2xx body kept; an error body is cut at 64 KiB
	 */
	private Answer send(HttpUriRequestBase request, Gate gate, int maxSuccessBody)
			throws IOException, InterruptedException {
		request.setHeader(HttpHeaders.ACCEPT, "application/json");
		Deadline deadline = new Deadline(request);
		HttpClientContext context = HttpClientContext.create();
		context.setAttribute(EXCHANGE, new Exchange(gate, deadline, signer));
		try {
			return http.execute(request, context, response -> {
				deadline.restart();
				return answer(response, maxSuccessBody);
			});
		}
		catch (GateInterrupted e) {
			// The gate was interrupted: the run is stopping.
			throw e.getCause();
		}
		catch (IOException e) {
			if (Thread.currentThread().isInterrupted()) {
				// A virtual thread interrupted in socket I/O gets an IOException: the run
				// is stopping, this is no failure of Cortex.
				throw new InterruptedException("interrupted while sending");
			}
			if (deadline.expired()) {
				throw new SocketTimeoutException("no answer within " + readTimeout.toMillis() + " ms");
			}
			throw e;
		}
		finally {
			deadline.clear();
		}
	}

	/**
	 * The exec chain's step after the connect: the gate, then this attempt's
	 * authentication headers and the start of its read timeout.
	 */
	private static ClassicHttpResponse atGate(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
			throws IOException, HttpException {
		if (scope.clientContext.getAttribute(EXCHANGE) instanceof Exchange exchange) {
			try {
				exchange.gate().pass();
			}
			catch (InterruptedException e) {
				// Not as an I/O error, which would be retried: the run is stopping.
				throw new GateInterrupted(e);
			}
			exchange.deadline().restart();
			exchange.signer().headers().forEach(request::setHeader);
		}
		return chain.proceed(request, scope);
	}

	/**
	 * The status, {@code Retry-After} and the start of the body (up to
	 * {@code maxSuccessBody} of a 2xx, 64 KiB of anything else), the rest read and
	 * dropped so that the connection can be reused.
	 */
	private Answer answer(ClassicHttpResponse response, int maxSuccessBody) throws IOException {
		int code = response.getCode();
		int bound = (code >= 200 && code < 300) ? maxSuccessBody : MAX_BODY;
		byte[] head = new byte[0];
		boolean cut = false;
		HttpEntity entity = response.getEntity();
		if (entity != null) {
			try (InputStream in = entity.getContent()) {
				head = in.readNBytes(bound);
				cut = in.transferTo(OutputStream.nullOutputStream()) > 0;
			}
		}
		Header retryAfter = response.getFirstHeader(HttpHeaders.RETRY_AFTER);
		return new Answer(code, new String(head, StandardCharsets.UTF_8),
				retryAfter == null ? Optional.empty() : retryAfter(retryAfter.getValue(), clock), cut);
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

	private static ScheduledThreadPoolExecutor deadlines() {
		ScheduledThreadPoolExecutor deadlines = new ScheduledThreadPoolExecutor(1,
				Thread.ofPlatform().daemon().name("cortex-deadlines").factory());
		deadlines.setRemoveOnCancelPolicy(true);
		return deadlines;
	}

	/** What the step after the connect needs of one request. */
	private record Exchange(Gate gate, Deadline deadline, RequestSigner signer) {

	}

	/** The gate was interrupted: carried through Apache's exec chain unchanged. */
	private static final class GateInterrupted extends RuntimeException {

		GateInterrupted(InterruptedException cause) {
			super(cause.getMessage(), cause, false, false);
		}

		@Override
		public synchronized InterruptedException getCause() {
			return (InterruptedException) super.getCause();
		}

	}

	/**
	 * The read timeout as a deadline, first for the headers, from when the request passed
	 * the gate on its open connection, then again for the body: the socket timeout alone
	 * would let a server that sends a byte now and then hold a request for ever. When it
	 * passes, the request is aborted and its connection closed. The lease and the connect
	 * are bounded by the connect timeout instead.
	 */
	private final class Deadline {

		private final HttpUriRequestBase request;

		private final AtomicReference<@Nullable ScheduledFuture<?>> timer = new AtomicReference<>();

		private volatile boolean expired;

		Deadline(HttpUriRequestBase request) {
			this.request = request;
		}

		void restart() {
			ScheduledFuture<?> previous = timer.getAndSet(DEADLINES.schedule(() -> {
				expired = true;
				request.cancel();
			}, readTimeout.toNanos(), TimeUnit.NANOSECONDS));
			if (previous != null) {
				previous.cancel(false);
			}
		}

		boolean expired() {
			return expired;
		}

		void clear() {
			ScheduledFuture<?> current = timer.getAndSet(null);
			if (current != null) {
				current.cancel(false);
			}
		}

	}

}
