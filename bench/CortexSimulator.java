import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A Cortex tenant for benchmarks, on 127.0.0.1 only: answers the key check and every connector update after a
 * fixed latency, optionally with a share of 503s, and reports what it received at GET /stats: requests, the
 * achieved rate between the first and last request, and the most requests that arrived within any one second.
 * Usage: java bench/CortexSimulator.java PORT LATENCY_MS [ERROR_RATE]
 */
public class CortexSimulator {

	private static final List<Long> arrivals = Collections.synchronizedList(new ArrayList<>());

	public static void main(String[] args) throws IOException {
		int port = Integer.parseInt(args[0]);
		long latencyMs = Long.parseLong(args[1]);
		double errorRate = args.length > 2 ? Double.parseDouble(args[2]) : 0;
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
		server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		server.createContext("/", exchange -> {
			arrivals.add(System.nanoTime());
			try (InputStream in = exchange.getRequestBody()) {
				in.transferTo(OutputStream.nullOutputStream());
			}
			sleep(latencyMs);
			if (exchange.getRequestMethod().equals("PUT") && ThreadLocalRandom.current().nextDouble() < errorRate) {
				respond(exchange, 503, "{\"err_msg\": \"unavailable\", \"metadata\": {\"code\": \"INTERNAL_ERROR\"}}");
			}
			else {
				respond(exchange, 200, "{\"connector_id\": \"ok\"}");
			}
		});
		server.createContext("/stats", exchange -> respond(exchange, 200, stats()));
		server.createContext("/reset", exchange -> {
			arrivals.clear();
			respond(exchange, 200, "{}");
		});
		server.start();
		System.out.println("Cortex simulator on http://127.0.0.1:" + port + ", latency " + latencyMs + " ms");
	}

	private static String stats() {
		List<Long> times;
		synchronized (arrivals) {
			times = new ArrayList<>(arrivals);
		}
		Collections.sort(times);
		int busiest = 0;
		int start = 0;
		for (int end = 0; end < times.size(); end++) {
			while (times.get(end) - times.get(start) >= 1_000_000_000L) {
				start++;
			}
			busiest = Math.max(busiest, end - start + 1);
		}
		double seconds = times.size() < 2 ? 0 : (times.getLast() - times.getFirst()) / 1e9;
		double rate = seconds == 0 ? 0 : (times.size() - 1) / seconds;
		return String.format(Locale.ROOT, "{\"requests\": %d, \"seconds\": %.3f, \"rate\": %.2f, \"busiest_second\": %d}",
				times.size(), seconds, rate, busiest);
	}

	private static void sleep(long millis) {
		if (millis > 0) {
			try {
				Thread.sleep(millis);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private static void respond(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

}
