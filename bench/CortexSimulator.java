import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A Cortex tenant for benchmarks, listening on 127.0.0.1 only. It answers the key check and every connector
 * update after a fixed latency; above its rate limit (requests in the last second, every endpoint counted, as
 * Cortex does) it answers 429 "Too many requests"; a share of the updates it answers 503, and a share it answers
 * by resetting the connection (TCP RST) instead.
 *
 * <p>It keeps the body of the last update each connector got, and answers {@code GET} of a connector with it
 * (the secrets masked, as a tenant may answer them) or 404 when it has none, so that a live plan or an export
 * reads what an earlier run wrote; {@link #forgetConnectors()} empties it.
 *
 * <p>It counts what it received: requests, updates, reads, their answers, the distinct connectors it updated,
 * the time from the first update request to the last successful answer, the same for reads, and the most
 * requests that arrived within any one second. {@code GET /stats} returns them as JSON and {@code GET /reset} clears them; a harness
 * in the same JVM calls {@link #stats()} and {@link #reset(Settings)} instead.
 *
 * <p>A plain HTTP/1.1 server on sockets, one virtual thread a connection, so that it can reset a connection
 * and so that its own cost stays small next to the client's.
 *
 * <p>Usage: {@code java bench/CortexSimulator.java PORT [LATENCY_MS [RATE_LIMIT [ERROR_RATE [RESET_RATE]]]]}
 * (rate limit 0: none).
 */
public final class CortexSimulator implements AutoCloseable {

	/** How the simulated tenant behaves; a rate limit of 0 means none. */
	public record Settings(long latencyMs, int rateLimit, double errorRate, double resetRate) {

		public static Settings plain() {
			return new Settings(0, 0, 0, 0);
		}

	}

	/**
	 * What the simulator received since the last reset.
	 * @param requests every request to the API (key checks and updates, throttled ones included)
	 * @param updates update requests (PUT)
	 * @param ok updates answered 200
	 * @param throttled requests answered 429
	 * @param unavailable updates answered 503
	 * @param resets updates answered by a connection reset
	 * @param connectorsUpdated distinct connectors answered 200 at least once
	 * @param sendingSeconds from the first update request's arrival to the last 200's departure
	 * @param busiestSecond the most requests that arrived within any one second
	 * @param reads connector reads (GET), throttled ones included
	 * @param readingSeconds from the first read's arrival to the last read answered 200 or 404
	 * @param readToUpdateMs for each update that followed a read of its connector answered 200: the milliseconds
	 * from that answer's departure to the update's arrival, sorted (the window in which an edit made elsewhere
	 * would be overwritten)
	 */
	public record Stats(long requests, long updates, long ok, long throttled, long unavailable, long resets,
			int connectorsUpdated, double sendingSeconds, int busiestSecond, long reads, double readingSeconds,
			double[] readToUpdateMs) {

		/** The given quantile (0 to 1) of {@link #readToUpdateMs}; 0 when there is none. */
		public double readToUpdateQuantile(double q) {
			return readToUpdateMs.length == 0 ? 0
					: readToUpdateMs[(int) Math.min(readToUpdateMs.length - 1, Math.floor(q * readToUpdateMs.length))];
		}

		/** Reads answered per second of reading time. */
		public double readsPerSecond(long answered) {
			return readingSeconds > 0 ? answered / readingSeconds : 0;
		}

		/** Distinct connectors updated per second of sending time. */
		public double connectorsPerSecond() {
			return sendingSeconds > 0 ? connectorsUpdated / sendingSeconds : 0;
		}

		String json() {
			return String.format(Locale.ROOT,
					"{\"requests\": %d, \"updates\": %d, \"ok\": %d, \"throttled\": %d, \"unavailable\": %d, "
							+ "\"resets\": %d, \"connectors_updated\": %d, \"sending_seconds\": %.3f, "
							+ "\"connectors_per_second\": %.2f, \"busiest_second\": %d, \"reads\": %d, "
							+ "\"reading_seconds\": %.3f, \"read_to_update_ms_p50\": %.1f, "
							+ "\"read_to_update_ms_max\": %.1f}",
					requests, updates, ok, throttled, unavailable, resets, connectorsUpdated, sendingSeconds,
					connectorsPerSecond(), busiestSecond, reads, readingSeconds, readToUpdateQuantile(0.5),
					readToUpdateQuantile(1));
		}

	}

	private static final String UPDATE_PATH = "/public_api/v1/cwp/registry_onboarding/instances/";

	private static final long SECOND = 1_000_000_000L;

	private final ServerSocket server;

	private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private final Object lock = new Object();

	private final Random random = new Random(20261127);

	private final Set<String> updated = ConcurrentHashMap.newKeySet();

	/** The last body each connector was sent, secrets masked: what a GET answers. */
	private final Map<String, byte[]> definitions = new ConcurrentHashMap<>();

	/** When the last read of each connector answered 200 left, since the last reset. */
	private final Map<String, Long> readAnswered = new ConcurrentHashMap<>();

	private final List<Double> readToUpdate = new ArrayList<>();

	private final ArrayDeque<Long> window = new ArrayDeque<>();

	private volatile Settings settings;

	private long[] arrivals = new long[4096];

	private int arrivalCount;

	private long updates;

	private long ok;

	private long throttled;

	private long unavailable;

	private long resets;

	private long firstUpdate = -1;

	private long reads;

	private long firstRead = -1;

	private long lastRead = -1;

	private long lastSuccess = -1;

	private CortexSimulator(ServerSocket server, Settings settings) {
		this.server = server;
		this.settings = settings;
	}

	/** Starts a simulator on 127.0.0.1; port 0 picks a free one. */
	public static CortexSimulator start(int port, Settings settings) throws IOException {
		ServerSocket server = new ServerSocket(port, 1024, InetAddress.getLoopbackAddress());
		CortexSimulator simulator = new CortexSimulator(server, settings);
		Thread.ofPlatform().daemon().name("simulator-accept").start(simulator::accept);
		return simulator;
	}

	public static void main(String[] args) throws IOException {
		int port = Integer.parseInt(args[0]);
		Settings settings = new Settings(args.length > 1 ? Long.parseLong(args[1]) : 0,
				args.length > 2 ? Integer.parseInt(args[2]) : 0, args.length > 3 ? Double.parseDouble(args[3]) : 0,
				args.length > 4 ? Double.parseDouble(args[4]) : 0);
		CortexSimulator simulator = start(port, settings);
		System.out.println("Cortex simulator on " + simulator.baseUrl() + ": " + settings);
		try {
			Thread.currentThread().join(); // serve until killed
		}
		catch (InterruptedException e) {
			simulator.close();
		}
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + server.getLocalPort();
	}

	/** Clears the counters and takes new settings; call it between runs, with no client connected. */
	public void reset(Settings next) {
		synchronized (lock) {
			settings = next;
			updated.clear();
			window.clear();
			arrivalCount = 0;
			updates = ok = throttled = unavailable = resets = reads = 0;
			firstUpdate = lastSuccess = firstRead = lastRead = -1;
			readAnswered.clear();
			readToUpdate.clear();
		}
	}

	/** Forgets every connector's definition: GETs answer 404 until updates come. */
	public void forgetConnectors() {
		definitions.clear();
	}

	public Stats stats() {
		long[] times;
		synchronized (lock) {
			times = Arrays.copyOf(arrivals, arrivalCount);
			double sending = (firstUpdate < 0 || lastSuccess < 0) ? 0 : (lastSuccess - firstUpdate) / 1e9;
			double reading = (firstRead < 0 || lastRead < 0) ? 0 : (lastRead - firstRead) / 1e9;
			double[] gaps = readToUpdate.stream().mapToDouble(Double::doubleValue).sorted().toArray();
			return new Stats(arrivalCount, updates, ok, throttled, unavailable, resets, updated.size(), sending,
					busiestSecond(times), reads, reading, gaps);
		}
	}

	private static int busiestSecond(long[] times) {
		// arrival times are recorded in order under the lock, so they are already sorted
		int busiest = 0;
		int start = 0;
		for (int end = 0; end < times.length; end++) {
			while (times[end] - times[start] >= SECOND) {
				start++;
			}
			busiest = Math.max(busiest, end - start + 1);
		}
		return busiest;
	}

	@Override
	public void close() throws IOException {
		server.close();
		for (Socket socket : sockets) {
			socket.close();
		}
		threads.shutdownNow();
	}

	private void accept() {
		while (!server.isClosed()) {
			try {
				Socket socket = server.accept();
				socket.setTcpNoDelay(true);
				sockets.add(socket);
				threads.execute(() -> serve(socket));
			}
			catch (IOException e) {
				// closed: the loop ends
			}
		}
	}

	private void serve(Socket socket) {
		try (socket; InputStream in = new BufferedInputStream(socket.getInputStream());
				OutputStream out = new BufferedOutputStream(socket.getOutputStream())) {
			while (true) {
				String requestLine = readLine(in);
				if (requestLine == null || requestLine.isEmpty()) {
					return;
				}
				Map<String, String> headers = new LinkedHashMap<>();
				for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
					int colon = line.indexOf(':');
					if (colon > 0) {
						headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
								line.substring(colon + 1).trim());
					}
				}
				if (headers.containsKey("transfer-encoding")) {
					write(out, 501, "{\"err_msg\": \"chunked bodies are not simulated\"}", "Connection: close\r\n");
					return;
				}
				if ("100-continue".equalsIgnoreCase(headers.get("expect"))) {
					out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
					out.flush();
				}
				byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
				String[] parts = requestLine.split(" ");
				if (!answer(socket, out, parts[0], parts.length > 1 ? parts[1] : "/", body)) {
					return;
				}
				if ("close".equalsIgnoreCase(headers.get("connection"))) {
					return;
				}
			}
		}
		catch (IOException | RuntimeException e) {
			// the client went away or sent something this simulator does not speak: drop the connection
		}
		finally {
			sockets.remove(socket);
		}
	}

	/** Answers one request; false when the connection was reset. */
	private boolean answer(Socket socket, OutputStream out, String method, String target, byte[] request)
			throws IOException {
		String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
		if (path.equals("/stats")) {
			write(out, 200, stats().json(), "");
			return true;
		}
		if (path.equals("/reset")) {
			reset(settings);
			write(out, 200, "{}", "");
			return true;
		}
		Settings current = settings;
		boolean update = method.equals("PUT") && path.startsWith(UPDATE_PATH);
		boolean read = method.equals("GET") && path.startsWith(UPDATE_PATH);
		boolean throttle;
		double roll;
		synchronized (lock) {
			long now = System.nanoTime();
			if (arrivalCount == arrivals.length) {
				arrivals = Arrays.copyOf(arrivals, arrivals.length * 2);
			}
			arrivals[arrivalCount++] = now;
			while (!window.isEmpty() && now - window.peekFirst() >= SECOND) {
				window.removeFirst();
			}
			throttle = current.rateLimit() > 0 && window.size() >= current.rateLimit();
			if (throttle) {
				throttled++;
			}
			else {
				window.addLast(now);
			}
			if (update) {
				updates++;
				if (firstUpdate < 0) {
					firstUpdate = now;
				}
				Long answered = throttle ? null : readAnswered.remove(path.substring(UPDATE_PATH.length()));
				if (answered != null) {
					readToUpdate.add((now - answered) / 1e6);
				}
			}
			if (read) {
				reads++;
				if (firstRead < 0) {
					firstRead = now;
				}
			}
			roll = random.nextDouble();
		}
		sleep(current.latencyMs());
		if (throttle) {
			write(out, 429, "{\"err_msg\": \"Too many requests\", \"metadata\": {\"code\": \"TOO_MANY_REQUESTS\"}}",
					"");
			return true;
		}
		if (read) {
			byte[] definition = definitions.get(path.substring(UPDATE_PATH.length()));
			if (definition == null) {
				write(out, 404, "{\"err_msg\": \"Connector not found\", \"metadata\": {\"code\": \"NOT_FOUND\"}}", "");
			}
			else {
				write(out, 200, definition, "");
				readAnswered.put(path.substring(UPDATE_PATH.length()), System.nanoTime());
			}
			count(() -> lastRead = System.nanoTime());
			return true;
		}
		if (!update) {
			write(out, 200, "{\"reply\": true}", "");
			return true;
		}
		if (roll < current.resetRate()) {
			count(() -> resets++);
			socket.setSoLinger(true, 0);
			socket.close();
			return false;
		}
		if (roll < current.resetRate() + current.errorRate()) {
			count(() -> unavailable++);
			write(out, 503, "{\"err_msg\": \"Service unavailable\", \"metadata\": {\"code\": \"INTERNAL_ERROR\"}}",
					"");
			return true;
		}
		String connectorId = path.substring(UPDATE_PATH.length());
		definitions.put(connectorId, masked(connectorId, request));
		byte[] body = ("{\"connector_id\": \"" + connectorId.replace("\"", "") + "\"}")
			.getBytes(StandardCharsets.UTF_8);
		write(out, 200, body, "");
		count(() -> {
			ok++;
			updated.add(connectorId);
			lastSuccess = System.nanoTime();
		});
		return true;
	}

	/**
	 * The definition a GET answers: the body as sent with its connector id, the secrets masked. The bodies come
	 * from registry-sync, whose JSON writes each field once with no space after the colon; a body in another
	 * shape is kept as sent.
	 */
	private static byte[] masked(String connectorId, byte[] request) {
		String body = new String(request, StandardCharsets.UTF_8)
			.replaceAll("\"(password|auth_token)\":\\s*\"(?:[^\"\\\\]|\\\\.)*\"", "\"$1\":\"********\"");
		String id = "\"connector_id\":\"" + connectorId.replace("\"", "") + "\"";
		return (body.startsWith("{") && !body.contains("\"connector_id\"")
				? "{" + id + (body.length() > 2 ? "," : "") + body.substring(1) : body).getBytes(StandardCharsets.UTF_8);
	}

	private void count(Runnable change) {
		synchronized (lock) {
			change.run();
		}
	}

	private static void write(OutputStream out, int status, String body, String headers) throws IOException {
		write(out, status, body.getBytes(StandardCharsets.UTF_8), headers);
	}

	private static void write(OutputStream out, int status, byte[] body, String headers) throws IOException {
		String reason = switch (status) {
			case 200 -> "OK";
			case 404 -> "Not Found";
			case 429 -> "Too Many Requests";
			case 501 -> "Not Implemented";
			case 503 -> "Service Unavailable";
			default -> "Status";
		};
		String head = "HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: application/json\r\nContent-Length: "
				+ body.length + "\r\n" + headers + "\r\n";
		out.write(head.getBytes(StandardCharsets.US_ASCII));
		out.write(body);
		out.flush();
	}

	private static String readLine(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream(128);
		int b;
		while ((b = in.read()) != -1) {
			if (b == '\n') {
				int length = line.size();
				byte[] bytes = line.toByteArray();
				return new String(bytes, 0, (length > 0 && bytes[length - 1] == '\r') ? length - 1 : length,
						StandardCharsets.ISO_8859_1);
			}
			line.write(b);
			if (line.size() > 65_536) {
				throw new SocketException("header line too long");
			}
		}
		return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
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

}
