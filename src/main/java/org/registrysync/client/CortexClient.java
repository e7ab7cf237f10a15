package org.registrysync.client;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongFunction;

import dev.failsafe.CircuitBreaker;
import dev.failsafe.CircuitBreakerOpenException;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import dev.failsafe.RetryPolicyBuilder;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Sends updates to Cortex, and reads connectors' definitions, under the delivery rules
 * (SPEC §4), with rules built once and shared by every request in flight, updates and
 * reads alike:
 * <ul>
 * <li>{@link SendSpacing}, the one mechanism that keeps the rate: requests leave at least
 * an interval 3% wider than {@code 1/rateLimit} apart, so that no one-second window holds
 * more than {@code rateLimit} requests, retries and the key check included. A request
 * takes its turn once its connection is open, through the transport's
 * {@link CortexTransport.Gate}, so that opening a connection does not delay it after its
 * turn;</li>
 * <li>a {@link RetryPolicy} for 429, 500, 502, 503, 504 and I/O errors (timeouts and
 * resets included) with Failsafe's exponential backoff and jitter, never longer than
 * {@code maxBackoff}, honouring {@code Retry-After} (seconds or an HTTP date, up to
 * {@link #MAX_RETRY_AFTER}) instead; a 429 also pauses every other request until the wait
 * is over;</li>
 * <li>a {@link CircuitBreaker} that stops the run once {@code failureThreshold}
 * connectors in a row ran out of retries.</li>
 * </ul>
 * 400, 404 and other 4xx are never retried; 401, 402 and 403 end the run at once. At most
 * {@code maxConcurrency} requests are in flight; a connector waiting to retry holds no
 * slot, and its retry goes before the connectors submitted after it. Thread-safe.
 */
public final class CortexClient implements AutoCloseable {

	/** The longest {@code Retry-After} honoured; a longer one is cut to this. */
	public static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);

	/**
	 * How much wider than {@code 1/rateLimit} requests are spaced: any
	 * {@code rateLimit + 1} requests span at least 1.03 s when they leave, so that the
	 * delays a request meets on its way (thread scheduling, writing it, the network)
	 * cannot crowd more than {@code rateLimit} of them into one second where they arrive.
	 * It covers about 30 ms of such jitter, not a connect: the turn is taken once the
	 * connection is open.
	 */
	static final double RATE_MARGIN = 0.03;

	/**
	 * Failsafe's jitter: each wait is moved by up to this fraction either way. Failsafe
	 * applies it to a {@code Retry-After} wait too, which must never come early, so that
	 * wait is first stretched by {@code 1 / (1 - JITTER)}: a retry comes 0 to 22% after
	 * the time Cortex asked for. Small for that reason; the backoff waits then lie
	 * between 82% and 100% of their nominal value.
	 */
	static final double JITTER = 0.1;

	/** The MDC key of the connector a log line is about. */
	public static final String CONNECTOR_ID = "connector.id";

	private static final Logger log = LoggerFactory.getLogger(CortexClient.class);

	private static final Set<Integer> RETRYABLE = Set.of(429, 500, 502, 503, 504);

	private static final Set<Integer> KEY_REJECTED = Set.of(401, 402, 403);

	private static final Duration NO_RETRY_AFTER = Duration.ofNanos(-1);

	private final CortexTransport transport;

	private final DeliverySettings settings;

	private final Clock clock;

	private final RetryPolicy<CortexTransport.Answer> retryPolicy;

	private final CircuitBreaker<CortexTransport.Answer> circuitBreaker;

	private final OrderedSlots slots;

	private final AtomicLong turns = new AtomicLong();

	private final SendSpacing spacing;

	private final AtomicLong pausedUntilNanos = new AtomicLong(System.nanoTime());

	private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

	private final DeliveryListener listener;

	private final AtomicReference<CortexFatalException> fatal = new AtomicReference<>();

	/** When this client last did something: sent, heard back, began a pause or a wait. */
	private final AtomicLong lastActivityNanos = new AtomicLong(System.nanoTime());

	/** The updates submitted and not yet done, for blanking their secrets out of logs. */
	private final Set<ConnectorUpdate> inFlight = ConcurrentHashMap.newKeySet();

	public CortexClient(CortexTransport transport, DeliverySettings settings, Clock clock, DeliveryListener listener) {
		this.transport = transport;
		this.settings = settings;
		this.clock = clock;
		this.listener = new ActivityListener(listener, lastActivityNanos);
		this.slots = new OrderedSlots(settings.maxConcurrency());
		long intervalNanos = (long) Math.ceil(1_000_000_000.0 / settings.rateLimit() * (1 + RATE_MARGIN));
		this.spacing = new SendSpacing(intervalNanos);
		this.retryPolicy = withBackoff(RetryPolicy.<CortexTransport.Answer>builder(), settings)
			.handle(IOException.class)
			.handleResultIf(answer -> RETRYABLE.contains(answer.status()))
			.withMaxAttempts(settings.maxAttempts())
			.withJitter(JITTER)
			// Taken when it returns a wait; its negative "none" falls back to the
			// backoff.
			.withDelayFn(context -> {
				CortexTransport.Answer last = context.getLastResult();
				return (last != null && last.retryAfter().isPresent()) ? retryAfterDelay(last.retryAfter().get())
						: NO_RETRY_AFTER;
			})
			.onRetryScheduled(event -> {
				listener.retried();
				CortexTransport.Answer last = event.getLastResult();
				String connector = MDC.get(CONNECTOR_ID);
				log.info("{}{} - retrying in {} ms (attempt {} of {})", connector == null ? "" : connector + ": ",
						last != null ? "HTTP " + last.status()
								: Redaction.redact(transport.redactKey(describe(event.getLastException())),
										inFlightSecrets()),
						event.getDelay().toMillis(), event.getAttemptCount() + 1, settings.maxAttempts());
			})
			.build();
		this.circuitBreaker = CircuitBreaker.<CortexTransport.Answer>builder()
			.handle(IOException.class)
			.handleResultIf(answer -> RETRYABLE.contains(answer.status()))
			.withFailureThreshold(settings.failureThreshold())
			.withDelay(Duration.ofDays(1))
			.build();
	}

	/**
	 * Checks the API key before anything is sent.
	 * @throws CortexFatalException when the key is rejected, the check is not answered,
	 * or Cortex is unreachable
	 */
	public void checkKey() {
		AtomicInteger attempts = new AtomicInteger();
		CortexTransport.Answer answer;
		try {
			answer = Failsafe.with(retryPolicy).get(context -> {
				attempts.incrementAndGet();
				return exchange(Long.MIN_VALUE, () -> {
				}, transport::validateKey);
			});
		}
		catch (FailsafeException e) {
			throw new CortexFatalException(
					"Cortex did not answer the key check (" + transport.redactKey(describe(e.getCause())) + ") after "
							+ attempts + " attempts; is cortex.base-url right and reachable?",
					e);
		}
		if (answer.successful()) {
			return;
		}
		CortexError error = CortexError.parse(transport.redactKey(answer.body()));
		if (KEY_REJECTED.contains(answer.status())) {
			throw keyRejected(answer.status(), error, "update");
		}
		throw new CortexFatalException("the key check GET " + CortexTransport.VALIDATE_PATH + " answered HTTP "
				+ answer.status() + (error.message() == null ? "" : " (" + error.message() + ")")
				+ "; set cortex.preflight=false if the tenant blocks this path");
	}

	/**
	 * Starts sending an update and returns at once. At most {@code maxConcurrency}
	 * requests are in flight; the others wait their turn in the order they were
	 * submitted, and a retry keeps the turn of its first attempt.
	 * @return the result, or a future failed with the {@link CortexFatalException} that
	 * stopped the run: once the key is rejected or Cortex keeps failing, no new request
	 * is sent
	 */
	public CompletableFuture<UpdateResult> submit(ConnectorUpdate update) {
		return start(update.connectorId(), update, turns.getAndIncrement(), turn -> update(update, turn));
	}

	/**
	 * Starts sending an update decided on a read of the same connector, in the read's
	 * turn: it goes before every request submitted after that read, so that the time
	 * between the read's answer and the update (in which an edit made elsewhere would be
	 * overwritten) is a wait for a free slot and the rate limit, not for the reads queued
	 * meanwhile.
	 * @see #submit(ConnectorUpdate)
	 */
	public CompletableFuture<UpdateResult> submit(ConnectorUpdate update, FetchResult.Found read) {
		return start(update.connectorId(), update, read.turn(), turn -> update(update, turn));
	}

	/**
	 * Starts reading a connector's live definition ({@code GET} on the connector's URL)
	 * and returns at once. A read is a request like an update: it takes its turn in the
	 * same order among the updates and reads submitted, holds one of the same
	 * {@code maxConcurrency} slots, counts in the same rate limit and the same pauses
	 * after a 429, is retried under the same rules, counts for the same circuit breaker,
	 * and a 401, 402 or 403 ends the run just as for an update. A 404 is
	 * {@link FetchResult.NotFound}, never retried.
	 * <p>
	 * Whatever Cortex answers for {@link FetchResult#SECRET_FIELDS} ({@code password},
	 * {@code auth_token}) is dropped on arrival: it is in no result, log line or
	 * exception message. A definition longer than {@link CortexTransport#MAX_DEFINITION}
	 * or a body that is not a JSON object is {@link FetchResult.Unreadable}.
	 * @param connectorId the connector, percent-encoded in the URL
	 * @return the result, or a future failed with the {@link CortexFatalException} that
	 * stopped the run
	 */
	public CompletableFuture<FetchResult> fetch(String connectorId) {
		if (connectorId.isEmpty()) {
			throw new IllegalArgumentException("connectorId must not be empty");
		}
		return start(connectorId, null, turns.getAndIncrement(), turn -> read(connectorId, turn));
	}

	/**
	 * Runs a request's task on its own virtual thread, with the caller's MDC and the
	 * connector's id, under this turn.
	 * @param update the update sent, whose secrets are blanked out of every answer while
	 * it is in flight; {@code null} for a read, which sends none
	 */
	private <T> CompletableFuture<T> start(String connectorId, @Nullable ConnectorUpdate update, long turn,
			LongFunction<T> task) {
		Map<String, String> context = MDC.getCopyOfContextMap();
		List<String> secrets = (update == null) ? List.of() : update.secrets();
		CompletableFuture<T> sending;
		if (update != null) {
			inFlight.add(update);
		}
		try {
			// supplyAsync completes the future whatever the task throws, an Error too:
			// the writer waiting for it must never hang.
			sending = CompletableFuture.supplyAsync(() -> {
				if (context != null) {
					MDC.setContextMap(context);
				}
				MDC.put(CONNECTOR_ID, connectorId);
				try {
					return task.apply(turn);
				}
				finally {
					MDC.clear();
				}
			}, executor);
		}
		catch (RejectedExecutionException e) {
			if (update != null) {
				inFlight.remove(update);
			}
			// stop() shut the executor down: the same failure as for a request that
			// waited.
			return CompletableFuture.failedFuture(stopped());
		}
		if (update != null) {
			sending.whenComplete((result, failure) -> inFlight.remove(update));
		}
		return sending.exceptionallyCompose(failure -> CompletableFuture.failedFuture(failure(failure, secrets)));
	}

	/**
	 * When this client last sent a request, had an answer, or began a pause or a wait
	 * before a retry, by {@link System#nanoTime()}: a caller waiting for an answer can
	 * tell a slow run from one where nothing happens any more.
	 */
	public long lastActivityNanos() {
		return lastActivityNanos.get();
	}

	private List<String> inFlightSecrets() {
		return inFlight.stream().flatMap(update -> update.secrets().stream()).toList();
	}

	/** What a send task that threw tells the caller: never a secret, never a hang. */
	private CortexFatalException failure(Throwable thrown, List<String> secrets) {
		Throwable failure = (thrown instanceof CompletionException && thrown.getCause() != null) ? thrown.getCause()
				: thrown;
		if (fatal.get() != null && !(failure instanceof CortexFatalException)) {
			// Interrupted by the stop, wherever it was: Failsafe, the pool, a socket.
			return stopped();
		}
		return switch (failure) {
			case Abandoned abandoned -> stopped();
			case CortexFatalException fatal -> fatal;
			// The message may quote what was sent: redacted, and without the cause that
			// holds it.
			default -> {
				// A fault of the tool (an Error, a bug): the run fails now, not when the
				// writer reaches this connector.
				CortexFatalException stop = new CortexFatalException(
						redact("sending failed: " + describe(failure), secrets));
				stop(stop);
				yield stop;
			}
		};
	}

	/**
	 * Sends nothing more: requests in flight finish, the others fail with this reason.
	 */
	public void stop(CortexFatalException reason) {
		fatal.compareAndSet(null, reason);
		// Wakes requests waiting for a slot, a permit, a pause or a retry, and abandons
		// those in flight.
		executor.shutdownNow();
	}

	private CortexFatalException stopped() {
		CortexFatalException reason = fatal.get();
		return reason != null ? reason : new CortexFatalException("sending stopped");
	}

	private UpdateResult update(ConnectorUpdate update, long turn) {
		List<String> secrets = update.secrets();
		Delivery delivery = deliver(turn, secrets, "update",
				gate -> transport.put(update.connectorId(), update.body(), gate));
		int attempts = delivery.attempts();
		Instant startedAt = delivery.startedAt();
		Duration duration = delivery.duration();
		return switch (delivery) {
			case Delivery.Unanswered unanswered ->
				new UpdateResult.GaveUp(null, unanswered.error(), attempts, startedAt, duration);
			case Delivery.Answered answered -> {
				CortexTransport.Answer answer = answered.answer();
				if (answer.successful()) {
					yield new UpdateResult.Applied(answer.status(), attempts, startedAt, duration);
				}
				CortexError error = CortexError.parse(redact(answer.body(), secrets));
				yield RETRYABLE.contains(answer.status())
						? new UpdateResult.GaveUp(answer.status(), error, attempts, startedAt, duration)
						: new UpdateResult.Refused(answer.status(), error, attempts, startedAt, duration);
			}
		};
	}

	private FetchResult read(String connectorId, long turn) {
		Delivery delivery = deliver(turn, List.of(), "read", gate -> transport.get(connectorId, gate));
		int attempts = delivery.attempts();
		Instant startedAt = delivery.startedAt();
		Duration duration = delivery.duration();
		return switch (delivery) {
			case Delivery.Unanswered unanswered ->
				new FetchResult.GaveUp(null, unanswered.error(), attempts, startedAt, duration);
			case Delivery.Answered answered -> {
				CortexTransport.Answer answer = answered.answer();
				if (answer.successful()) {
					yield Definitions.read(answer, attempts, startedAt, duration, turn);
				}
				CortexError error = CortexError.parse(redact(answer.body(), List.of()));
				if (answer.status() == 404) {
					yield new FetchResult.NotFound(error, attempts, startedAt, duration);
				}
				yield RETRYABLE.contains(answer.status())
						? new FetchResult.GaveUp(answer.status(), error, attempts, startedAt, duration)
						: new FetchResult.Refused(answer.status(), error, attempts, startedAt, duration);
			}
		};
	}

	/**
	 * The one way an update or a read is sent: its attempts under the circuit breaker and
	 * the retry policy, each through {@link #exchange}. A 401, 402 or 403 stops the run
	 * here, whatever the request; every other answer is the caller's to read.
	 * @param secrets what to blank out of what Cortex says, besides the key and the
	 * secrets of every update in flight
	 * @param action what the request does, for the message when the key may not do it
	 */
	private Delivery deliver(long turn, List<String> secrets, String action, Exchange request) {
		Instant startedAt = clock.instant();
		long started = System.nanoTime();
		AtomicInteger attempts = new AtomicInteger();
		CortexTransport.Answer answer;
		try {
			answer = Failsafe.with(circuitBreaker, retryPolicy).get(context -> {
				return exchange(turn, this::stillSending, gate -> {
					attempts.incrementAndGet();
					listener.sent();
					return request.run(gate);
				});
			});
		}
		catch (CircuitBreakerOpenException e) {
			CortexFatalException stop = new CortexFatalException("Cortex keeps failing: " + settings.failureThreshold()
					+ " connectors in a row ran out of retries; the run stops here and can be resumed", e);
			fatal.compareAndSet(null, stop);
			throw stop;
		}
		catch (FailsafeException e) {
			if (e.getCause() instanceof InterruptedException) {
				Thread.currentThread().interrupt();
				throw new Abandoned();
			}
			return new Delivery.Unanswered(new CortexError(null, redact(describe(e.getCause()), secrets)),
					attempts.get(), startedAt, since(started));
		}
		if (KEY_REJECTED.contains(answer.status())) {
			CortexFatalException stop = keyRejected(answer.status(), CortexError.parse(redact(answer.body(), secrets)),
					action);
			fatal.compareAndSet(null, stop);
			throw stop;
		}
		return new Delivery.Answered(answer, attempts.get(), startedAt, since(started));
	}

	/**
	 * One request: a slot (by turn) and the end of any pause Cortex asked for; then, once
	 * its connection is open, the end of any pause that started meanwhile and its turn to
	 * leave under the rate, just before it is written. {@code stillSending} is checked
	 * before the connection is asked for and again once the turn has come, as a request
	 * may wait long for either.
	 */
	private CortexTransport.Answer exchange(long turn, Runnable stillSending, Exchange exchange)
			throws IOException, InterruptedException {
		slots.acquire(turn);
		try {
			// Most of a pause is waited here, before a connection is leased.
			awaitPause();
			stillSending.run();
			AtomicLong sent = new AtomicLong(System.nanoTime());
			CortexTransport.Answer answer;
			try {
				answer = exchange.run(() -> {
					awaitTurn();
					stillSending.run();
					sent.set(System.nanoTime());
				});
			}
			catch (IOException e) {
				listener.failed(Duration.ofNanos(System.nanoTime() - sent.get()));
				throw e;
			}
			listener.answered(answer.status(), Duration.ofNanos(System.nanoTime() - sent.get()));
			if (answer.status() == 429) {
				Duration wait = answer.retryAfter().map(CortexClient::capRetryAfter).orElse(settings.backoff());
				long until = System.nanoTime() + wait.toNanos();
				if (pausedUntilNanos.getAndAccumulate(until, Math::max) < until) {
					log.info("Cortex is throttling (HTTP 429): every request pauses for {} ms", wait.toMillis());
				}
			}
			return answer;
		}
		finally {
			slots.release();
		}
	}

	/**
	 * The gate of a request whose connection is open: the end of any pause Cortex asked
	 * for, then its turn under the rate. A pause may start while the request waits for
	 * its turn: it looks again after it.
	 */
	private void awaitTurn() throws InterruptedException {
		boolean permitted = false;
		while (awaitPause() || !permitted) {
			spacing.await();
			permitted = true;
		}
	}

	/**
	 * Waits out the pause Cortex asked for, if any.
	 * @return whether there was one
	 */
	private boolean awaitPause() throws InterruptedException {
		long pause = pausedUntilNanos.get() - System.nanoTime();
		if (pause <= 0) {
			return false;
		}
		listener.throttled(Duration.ofNanos(pause));
		Thread.sleep(Duration.ofNanos(pause));
		return true;
	}

	/**
	 * Checked before a request is sent: the run may have stopped, or Cortex been found
	 * down, while it waited.
	 */
	private void stillSending() {
		if (fatal.get() != null) {
			throw new Abandoned();
		}
		if (circuitBreaker.isOpen()) {
			throw new CircuitBreakerOpenException(circuitBreaker);
		}
	}

	/**
	 * Failsafe's exponential backoff from {@code backoff} up to {@code maxBackoff},
	 * shrunk by {@code 1 + JITTER} so that no jittered wait exceeds {@code maxBackoff}.
	 */
	private static RetryPolicyBuilder<CortexTransport.Answer> withBackoff(
			RetryPolicyBuilder<CortexTransport.Answer> builder, DeliverySettings settings) {
		Duration first = shrink(settings.backoff());
		Duration last = shrink(settings.maxBackoff());
		// Failsafe's backoff needs a first wait above zero and below the last.
		return (first.isZero() || first.compareTo(last) >= 0) ? builder.withDelay(first)
				: builder.withBackoff(first, last);
	}

	private static Duration shrink(Duration wait) {
		return Duration.ofNanos((long) (wait.toNanos() / (1 + JITTER)));
	}

	/**
	 * The wait before retrying after Cortex asked for {@code asked}: cut to
	 * {@link #MAX_RETRY_AFTER}, then stretched so that Failsafe's jitter never makes it
	 * shorter.
	 */
	static Duration retryAfterDelay(Duration asked) {
		return Duration.ofNanos((long) Math.ceil(capRetryAfter(asked).toNanos() / (1 - JITTER)));
	}

	static Duration capRetryAfter(Duration asked) {
		return asked.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : asked;
	}

	private static CortexFatalException keyRejected(int status, CortexError error, String action) {
		String why = switch (status) {
			case 401 -> "the API key was rejected";
			case 402 ->
				"the tenant lacks the license this API needs (Cortex Cloud Posture Management or Runtime Security)";
			default -> "the API key may not " + action + " registry connectors (RBAC)";
		};
		return new CortexFatalException("Cortex answered HTTP " + status + ": " + why
				+ (error.message() == null ? "" : " (" + error.message() + ")")
				+ "; check cortex.api-key-id, cortex.api-key and cortex.auth-mode");
	}

	/**
	 * The text with the API key and the request's own secrets blanked out, and those of
	 * every update in flight: Cortex might echo what it was sent, in clear or escaped,
	 * and an answer read off a reused connection could hold another's.
	 */
	private String redact(String text, List<String> own) {
		List<String> secrets = new java.util.ArrayList<>(own);
		secrets.addAll(inFlightSecrets());
		return Redaction.redact(transport.redactKey(text), secrets);
	}

	private static String describe(Throwable failure) {
		// Socket, connect and deadline timeouts alike.
		if (failure instanceof java.io.InterruptedIOException) {
			return "timed out";
		}
		String message = failure.getMessage();
		return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
	}

	private static Duration since(long started) {
		return Duration.ofNanos(System.nanoTime() - started);
	}

	/** Stops sending, as {@link #stop} does, and closes the transport's connections. */
	@Override
	public void close() {
		fatal.compareAndSet(null, new CortexFatalException("sending stopped: the client was closed"));
		executor.shutdownNow();
		try {
			transport.close();
		}
		catch (IOException e) {
			log.debug("closing the connections to Cortex failed", e);
		}
	}

	@FunctionalInterface
	private interface Exchange {

		CortexTransport.Answer run(CortexTransport.Gate gate) throws IOException, InterruptedException;

	}

	/** What the attempts at one request came to. */
	private sealed interface Delivery {

		int attempts();

		Instant startedAt();

		Duration duration();

		/** The last attempt was answered, with a status the caller reads. */
		record Answered(CortexTransport.Answer answer, int attempts, Instant startedAt,
				Duration duration) implements Delivery {
		}

		/** Every attempt failed without an answer (I/O error, timeout). */
		record Unanswered(CortexError error, int attempts, Instant startedAt, Duration duration) implements Delivery {
		}

	}

	/** A connector not sent because the run is stopping. */
	private static final class Abandoned extends RuntimeException {

		Abandoned() {
			super("abandoned: the run is stopping", null, false, false);
		}

	}

	/** Notes the time of everything the client reports, then reports it on. */
	private record ActivityListener(DeliveryListener delegate, AtomicLong last) implements DeliveryListener {

		@Override
		public void sent() {
			last.set(System.nanoTime());
			delegate.sent();
		}

		@Override
		public void answered(int status, Duration took) {
			last.set(System.nanoTime());
			delegate.answered(status, took);
		}

		@Override
		public void failed(Duration took) {
			last.set(System.nanoTime());
			delegate.failed(took);
		}

		@Override
		public void retried() {
			last.set(System.nanoTime());
			delegate.retried();
		}

		@Override
		public void throttled(Duration wait) {
			last.set(System.nanoTime());
			delegate.throttled(wait);
		}

	}

}
