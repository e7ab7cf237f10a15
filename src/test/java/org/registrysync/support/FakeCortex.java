package org.registrysync.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.extension.requestfilter.RequestFilterAction;
import com.github.tomakehurst.wiremock.extension.requestfilter.StubRequestFilterV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Cortex tenant for tests: a real HTTP server on 127.0.0.1 (WireMock) answering the
 * update endpoint and the key check, and remembering every request with the time it
 * arrived. As a field registered with {@code @RegisterExtension}, it stops after each
 * test.
 */
public final class FakeCortex implements AutoCloseable, AfterEachCallback {

	public static final String INSTANCES = "/public_api/v1/cwp/registry_onboarding/instances/";

	public static final String VALIDATE = "/api_keys/validate/";

	private final WireMockServer server;

	private final List<Long> arrivals = new CopyOnWriteArrayList<>();

	private final List<Long> updateArrivals = new CopyOnWriteArrayList<>();

	public FakeCortex() {
		server = new WireMockServer(options().bindAddress("127.0.0.1")
			.dynamicPort()
			.containerThreads(40)
			.asynchronousResponseEnabled(true)
			.asynchronousResponseThreads(20)
			.extensions(new ArrivalClock()));
		server.start();
		server.stubFor(get(urlEqualTo(VALIDATE)).willReturn(aResponse().withStatus(200).withBody("{\"reply\": true}")));
		server.stubFor(put(urlPathMatching(INSTANCES + ".*")).atPriority(10).willReturn(accepted()));
	}

	/** What Cortex answers a successful update with, per the reference page. */
	public static ResponseDefinitionBuilder accepted() {
		return aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"connector_id\": \"ok\"}");
	}

	/** A Cortex error body. */
	public static ResponseDefinitionBuilder error(int status, String code, String message) {
		return aResponse().withStatus(status)
			.withHeader("Content-Type", "application/json; charset=UTF-8")
			.withBody("{\"err_msg\": \"" + message + "\", \"metadata\": {\"code\": \"" + code + "\"}}");
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + server.port();
	}

	/** The arguments that point the command at this server, with a key. */
	public List<String> arguments(String apiKey) {
		return List.of("--cortex.base-url=" + baseUrl(), "--cortex.api-key-id=42", "--cortex.api-key=" + apiKey,
				"--sync.retry-backoff=20ms", "--sync.retry-backoff-max=100ms");
	}

	/** Answers every update of one connector so. */
	public void onUpdate(String connectorId, ResponseDefinitionBuilder response) {
		server.stubFor(put(urlEqualTo(INSTANCES + connectorId)).atPriority(1).willReturn(response));
	}

	/**
	 * Answers the updates of one connector with these responses in turn, the last one
	 * from then on.
	 */
	public void onUpdateInTurn(String connectorId, ResponseDefinitionBuilder... responses) {
		String scenario = "turns-" + connectorId;
		for (int i = 0; i < responses.length; i++) {
			ScenarioMappingBuilder stub = put(urlEqualTo(INSTANCES + connectorId)).atPriority(1)
				.inScenario(scenario)
				.whenScenarioStateIs(i == 0 ? Scenario.STARTED : "turn-" + i)
				.willReturn(responses[i]);
			if (i + 1 < responses.length) {
				stub = stub.willSetStateTo("turn-" + (i + 1));
			}
			server.stubFor(stub);
		}
	}

	/** Answers every read of one connector so. */
	public void onRead(String connectorId, ResponseDefinitionBuilder response) {
		server.stubFor(get(urlEqualTo(INSTANCES + connectorId)).atPriority(1).willReturn(response));
	}

	/**
	 * Answers the reads of one connector with these responses in turn, the last one from
	 * then on.
	 */
	public void onReadInTurn(String connectorId, ResponseDefinitionBuilder... responses) {
		String scenario = "read-turns-" + connectorId;
		for (int i = 0; i < responses.length; i++) {
			ScenarioMappingBuilder stub = get(urlEqualTo(INSTANCES + connectorId)).atPriority(1)
				.inScenario(scenario)
				.whenScenarioStateIs(i == 0 ? Scenario.STARTED : "turn-" + i)
				.willReturn(responses[i]);
			if (i + 1 < responses.length) {
				stub = stub.willSetStateTo("turn-" + (i + 1));
			}
			server.stubFor(stub);
		}
	}

	/** Answers every update so. */
	public void onEveryUpdate(ResponseDefinitionBuilder response) {
		server.stubFor(put(urlPathMatching(INSTANCES + ".*")).atPriority(5).willReturn(response));
	}

	/** Answers the key check so. */
	public void onKeyCheck(ResponseDefinitionBuilder response) {
		server.stubFor(get(urlEqualTo(VALIDATE)).atPriority(1).willReturn(response));
	}

	/** Receives OTLP metrics at {@code /v1/metrics}. */
	public void onMetrics(ResponseDefinitionBuilder response) {
		server.stubFor(
				com.github.tomakehurst.wiremock.client.WireMock.post(urlEqualTo("/v1/metrics")).willReturn(response));
	}

	/**
	 * Answers 401, as Cortex does, any request whose {@code Authorization} header is not
	 * this key.
	 */
	public void requireKey(String key) {
		server.stubFor(any(anyUrl()).atPriority(0)
			.withHeader("Authorization",
					com.github.tomakehurst.wiremock.client.WireMock.notMatching(java.util.regex.Pattern.quote(key)))
			.willReturn(error(401, "401", "Public API request unauthorized")));
	}

	/** Answers anything at all so. */
	public void onAnything(ResponseDefinitionBuilder response) {
		server.stubFor(any(anyUrl()).atPriority(1).willReturn(response));
	}

	/** Every request received, in the order it arrived. */
	public List<LoggedRequest> requests() {
		return server.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(anyUrl()))
			.stream()
			.sorted(Comparator.comparing(LoggedRequest::getLoggedDate))
			.toList();
	}

	/** The updates received, in the order they arrived. */
	public List<LoggedRequest> updates() {
		return requests().stream().filter(r -> r.getMethod().getName().equals("PUT")).toList();
	}

	/** The reads of a connector received, in the order they arrived. */
	public List<LoggedRequest> reads() {
		return requests().stream()
			.filter(r -> r.getMethod().getName().equals("GET") && r.getUrl().startsWith(INSTANCES))
			.toList();
	}

	/**
	 * When each request arrived, by this JVM's {@link System#nanoTime()}, in the order
	 * they arrived.
	 */
	public List<Long> arrivals() {
		return List.copyOf(arrivals);
	}

	/** The connector id an update or a read was for, decoded from its path. */
	public static String connectorId(LoggedRequest request) {
		String path = request.getUrl().substring(INSTANCES.length());
		return URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
	}

	/** How many updates each connector received. */
	public Map<String, Long> updatesPerConnector() {
		return updates().stream().collect(Collectors.groupingBy(FakeCortex::connectorId, Collectors.counting()));
	}

	/**
	 * The most requests that arrived within any one second, by the clock of the server as
	 * each request came in (before it was matched or answered).
	 */
	public int busiestSecond() {
		return busiestSecondAfter(Long.MIN_VALUE);
	}

	/**
	 * The most requests that arrived within any one second, of those that arrived after a
	 * moment of this JVM's {@link System#nanoTime()} clock.
	 */
	public int busiestSecondAfter(long nanoTime) {
		return busiest(arrivals, nanoTime);
	}

	/**
	 * The most updates that arrived within any one second: without the key check, which
	 * comes first on a connection of its own and so may be stamped late.
	 */
	public int busiestSecondOfUpdates() {
		return busiest(updateArrivals, Long.MIN_VALUE);
	}

	private static int busiest(List<Long> arrivals, long nanoTime) {
		List<Long> times = arrivals.stream()
			.filter(arrival -> nanoTime == Long.MIN_VALUE || arrival - nanoTime > 0)
			.sorted()
			.toList();
		if (times.isEmpty()) {
			return 0;
		}
		int most = 0;
		int start = 0;
		for (int end = 0; end < times.size(); end++) {
			while (times.get(end) - times.get(start) >= 1_000_000_000L) {
				start++;
			}
			most = Math.max(most, end - start + 1);
		}
		if (System.getenv("DEBUG_ARRIVALS") != null) {
			long first = times.getFirst();
			System.err
				.println("ARRIVALS " + times.stream().map(t -> String.valueOf((t - first) / 1_000_000.0)).toList());
		}
		return most;
	}

	/**
	 * How many requests arrived after a moment of this JVM's {@link System#nanoTime()}
	 * clock.
	 */
	public long arrivalsAfter(long nanoTime) {
		return arrivals.stream().filter(arrival -> arrival - nanoTime > 0).count();
	}

	/** Notes when each request arrives. */
	private final class ArrivalClock implements StubRequestFilterV2 {

		@Override
		public RequestFilterAction filter(Request request, ServeEvent serveEvent) {
			long now = System.nanoTime();
			arrivals.add(now);
			if (request.getMethod().getName().equals("PUT")) {
				updateArrivals.add(now);
			}
			return RequestFilterAction.continueWith(request);
		}

		@Override
		public String getName() {
			return "arrival-clock";
		}

	}

	public <T> List<T> map(Function<LoggedRequest, T> mapper) {
		return requests().stream().map(mapper).toList();
	}

	@Override
	public void close() {
		server.stop();
	}

	@Override
	public void afterEach(ExtensionContext context) {
		close();
	}

}
