import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The benchmark harness: generates the inventories, starts a {@link CortexSimulator} on 127.0.0.1, runs the
 * packaged jar and the simple alternatives (a loop of the vendor's curl example, a loop of JDK HttpClient
 * requests) against it scenario by scenario, checks what each run did, and prints one table.
 *
 * <p>Every process is timed with {@code /usr/bin/time}: wall time and peak resident set size. Connectors per
 * second are measured at the simulator, from the first update request's arrival to the last successful
 * answer, for every tool alike; for runs that send nothing, over the job's own time from its summary line.
 *
 * <p>Exit status 1 when a registry-sync run did not do what it must (a connector not updated, the rate limit
 * exceeded, something sent when nothing should be); the speed goals are reported, not enforced.
 *
 * <p>Usage, from the repository root after {@code ./mvnw -B package -DskipTests}:
 * {@code java bench/Bench.java [--size=full|smoke] [--scenarios=at-limit,overhead,faults,memory,incremental,live,merge,fleet]
 * [--jar=target/registry-sync.jar] [--work=target/bench] [--postgres-url=jdbc:postgresql://127.0.0.1:5432/test]
 * [--postgres-user=postgres] [--postgres-password=…] [--no-postgres] [--no-loops] [--jfr] [--fleet-tenants=N]}
 */
public class Bench {

	/** The connector counts of each scenario. */
	record Size(int atLimit, int overhead, int faults, int memory, int incremental, int live, int fleetTenants,
			int fleetConnectors) {

		static Size of(String name) {
			return switch (name) {
				case "full" -> new Size(2_000, 20_000, 2_000, 1_000_000, 100_000, 2_000, 20, 1_000);
				case "smoke" -> new Size(40, 200, 100, 2_000, 300, 40, 3, 40);
				default -> throw new IllegalArgumentException("--size is full or smoke, not " + name);
			};
		}

	}

	/** One line of the table. */
	record Row(String scenario, String tool, long connectors, double wallSeconds, double rate, String basis,
			String reference, double referenceRate, long rssKb, String result, boolean ok) {

		String ratio() {
			return (referenceRate > 0 && rate > 0) ? String.format(Locale.ROOT, "%.3f", rate / referenceRate) : "—";
		}

	}

	/** A finished process: exit status, wall time, peak RSS and where its output went. */
	record Measured(int exit, double wallSeconds, long rssKb, double cpuSeconds, Path dir) {

		String stdout() throws IOException {
			return Files.readString(dir.resolve("stdout.txt"));
		}

	}

	private static final String API_KEY = "bench-api-key-0123456789abcdef";

	private static final String SECRET = "bench-registry-secret";

	private static final int LIMIT = 20;

	private static final List<String> OPTIONS = List.of("size", "scenarios", "jar", "work", "postgres-url",
			"postgres-user", "postgres-password", "no-postgres", "no-loops", "jfr", "fleet-tenants");

	private static final List<String> SCENARIOS = List.of("at-limit", "overhead", "faults", "memory", "incremental",
			"live", "merge", "fleet");

	private final Map<String, String> options;

	private final Size size;

	private final Path work;

	private final Path jar;

	private final Path java = Path.of(System.getProperty("java.home"), "bin", "java");

	private final List<Row> rows = new ArrayList<>();

	private final CortexSimulator simulator;

	private Bench(Map<String, String> options) throws IOException {
		this.options = options;
		this.size = Size.of(options.getOrDefault("size", "full"));
		this.work = Path.of(options.getOrDefault("work", "target/bench")).toAbsolutePath();
		this.jar = Path.of(options.getOrDefault("jar", "target/registry-sync.jar")).toAbsolutePath();
		if (!Files.isRegularFile(jar)) {
			throw new IllegalArgumentException(jar + " does not exist: build it with ./mvnw -B package -DskipTests");
		}
		if (!Files.isRegularFile(Path.of("bench", "curl-loop.sh"))) {
			throw new IllegalArgumentException("run the harness from the repository root (bench/curl-loop.sh not found)");
		}
		if (!Files.isExecutable(Path.of("/usr/bin/time"))) {
			throw new IllegalArgumentException("/usr/bin/time is needed to measure peak RSS (Debian package time)");
		}
		if (Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
			.noneMatch(dir -> Files.isExecutable(Path.of(dir, "curl")))) {
			throw new IllegalArgumentException("curl is needed for the curl loop (Debian package curl)");
		}
		Files.createDirectories(work);
		this.simulator = CortexSimulator.start(0, CortexSimulator.Settings.plain());
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new LinkedHashMap<>();
		for (String arg : args) {
			if (!arg.startsWith("--")) {
				throw new IllegalArgumentException("unknown argument " + arg + " (see the usage in bench/Bench.java)");
			}
			int equals = arg.indexOf('=');
			String name = equals < 0 ? arg.substring(2) : arg.substring(2, equals);
			if (!OPTIONS.contains(name)) {
				throw new IllegalArgumentException("unknown option --" + name + "; the options are " + OPTIONS);
			}
			options.put(name, equals < 0 ? "true" : arg.substring(equals + 1));
		}
		Bench bench = new Bench(options);
		boolean ok;
		try {
			ok = bench.run();
		}
		finally {
			bench.simulator.close();
		}
		System.exit(ok ? 0 : 1);
	}

	private boolean run() throws Exception {
		List<String> scenarios = List.of(options.getOrDefault("scenarios", String.join(",", SCENARIOS)).split(","));
		if (!SCENARIOS.containsAll(scenarios)) {
			throw new IllegalArgumentException("--scenarios takes some of " + SCENARIOS + ", not " + scenarios);
		}
		compileSequentialPuts();
		for (String scenario : scenarios) {
			switch (scenario) {
				case "at-limit" -> atLimit();
				case "overhead" -> overhead();
				case "faults" -> faults();
				case "memory" -> memory();
				case "incremental" -> incremental();
				case "live" -> live();
				case "merge" -> merge();
				case "fleet" -> fleet();
				default -> throw new IllegalArgumentException("unknown scenario " + scenario);
			}
		}
		String table = table();
		Files.writeString(work.resolve("results.md"), table);
		System.out.println();
		System.out.print(table);
		System.out.println("(also in " + work.resolve("results.md") + "; each run's output under " + work + ")");
		return rows.stream().allMatch(Row::ok);
	}

	// the scenarios

	private void atLimit() throws Exception {
		int n = size.atLimit();
		Path[] inventory = inventory(n, true);
		CortexSimulator.Settings tenant = new CortexSimulator.Settings(200, LIMIT, 0, 0);
		sync("at the limit: 200 ms, limit 20/s", "registry-sync, concurrency 8", "at-limit/registry-sync", inventory[0],
				n, tenant, List.of(), List.of("--sync.rate-limit=" + LIMIT, "--sync.max-concurrency=8"),
				Expect.UPDATED, LIMIT, 0.95);
		loop("at the limit: 200 ms, limit 20/s", "curl loop (vendor example)", "at-limit/curl", inventory[1], n, tenant,
				curl(inventory[1]), LIMIT);
	}

	private void overhead() throws Exception {
		int n = size.overhead();
		Path[] inventory = inventory(n, true);
		CortexSimulator.Settings tenant = CortexSimulator.Settings.plain();
		Row floor = loop("overhead: no latency, no limit", "JDK HttpClient loop, one connection", "overhead/jdk-loop",
				inventory[1], n, tenant, sequentialPuts(inventory[1]), 0);
		double reference = floor.rate();
		String label = "JDK loop";
		List<String> unlimited = List.of("--sync.rate-limit=10000", "--sync.max-concurrency=16");
		sync("overhead: no latency, no limit", "registry-sync, H2", "overhead/registry-sync-h2", inventory[0], n, tenant,
				List.of(), unlimited, Expect.UPDATED, reference, label, 0);
		String postgres = postgres();
		if (postgres == null) {
			rows.add(new Row("overhead: no latency, no limit", "registry-sync, PostgreSQL", n, 0, 0, "", label, 0, 0,
					"skipped: " + postgresSkipped, true));
		}
		else {
			List<String> props = new ArrayList<>(unlimited);
			props.add("--spring.datasource.url=" + postgres);
			props.add("--spring.datasource.username=" + postgresUser());
			sync("overhead: no latency, no limit", "registry-sync, PostgreSQL", "overhead/registry-sync-postgres",
					inventory[0], n, tenant, List.of(), props, Expect.UPDATED, reference, label, 0);
		}
		loop("overhead: no latency, no limit", "curl loop (vendor example)", "overhead/curl", inventory[1], n, tenant,
				curl(inventory[1]), reference, label);
	}

	private void faults() throws Exception {
		int n = size.faults();
		Path[] inventory = inventory(n, true);
		CortexSimulator.Settings tenant = new CortexSimulator.Settings(200, LIMIT, 0.05, 0.01);
		String scenario = "faults: 5% 503, 1% resets, 200 ms, limit 20/s";
		sync(scenario, "registry-sync, concurrency 8", "faults/registry-sync", inventory[0], n, tenant, List.of(),
				List.of("--sync.rate-limit=" + LIMIT, "--sync.max-concurrency=8"), Expect.UPDATED, LIMIT, 0.9);
		loop(scenario, "curl loop (vendor example)", "faults/curl", inventory[1], n, tenant, curl(inventory[1]), LIMIT);
	}

	private void memory() throws Exception {
		int n = size.memory();
		Path[] inventory = inventory(n, false);
		CortexSimulator.Settings tenant = CortexSimulator.Settings.plain();
		List<String> heap = List.of("-Xmx256m");
		sync("memory: -Xmx256m", "registry-sync, dry run", "memory/dry-run", inventory[0], n, tenant, heap,
				List.of("--sync.dry-run=true"), Expect.PLANNED, 0, 0);
		sync("memory: -Xmx256m", "registry-sync, full run", "memory/full-run", inventory[0], n, tenant, heap,
				List.of("--sync.rate-limit=10000", "--sync.max-concurrency=16"), Expect.UPDATED, 0, 0);
	}

	private void incremental() throws Exception {
		int n = size.incremental();
		Path[] inventory = inventory(n, false);
		CortexSimulator.Settings tenant = CortexSimulator.Settings.plain();
		List<String> props = List.of("--sync.rate-limit=10000", "--sync.max-concurrency=16");
		sync("incremental: unchanged inventory", "registry-sync, first night", "incremental/registry-sync",
				inventory[0], n, tenant, List.of(), props, Expect.UPDATED, 0, 0);
		sync("incremental: unchanged inventory", "registry-sync, second night", "incremental/registry-sync",
				inventory[0], n, tenant, List.of(), props, Expect.UNCHANGED, 0, 0);
	}

	/**
	 * Reading the tenant: a first sync writes every connector to the simulator, which then answers GETs with
	 * them; a live plan of the same inventory reads each connector back (GETs alone, at the limit) and finds
	 * nothing to send; a live sync of the inventory with every 10th connector changed reads every connector
	 * and sends exactly the changed ones, GETs and PUTs sharing the limit.
	 */
	private void live() throws Exception {
		int n = size.live();
		Path inventory = inventory(n, false)[0];
		Path changed = work.resolve("inventories").resolve(n + "-every-10th-changed.csv");
		if (!Files.exists(changed)) {
			GenerateInventory.write(n, changed, null, SECRET, 10);
		}
		String scenario = "live: 200 ms, limit 20/s";
		fillTenant(scenario, "live/registry-sync", inventory, n);
		CortexSimulator.Settings tenant = new CortexSimulator.Settings(200, LIMIT, 0, 0);
		List<String> live = List.of("--sync.compare=live", "--sync.rate-limit=" + LIMIT, "--sync.max-concurrency=8");
		Path dir = work.resolve("live/registry-sync");
		liveRun(scenario, "registry-sync, live plan (dry run)", dir, inventory, n, tenant, live, true, 0, false);
		liveRun(scenario, "registry-sync, live sync, every 10th changed", dir, changed, n, tenant, live, false, n / 10,
				false);
	}

	/**
	 * A one-off migration: a first sync writes every connector to the simulator (and their secrets to the ledger);
	 * then a merge of a partial file (the id, a region, the secrets) moves every 2nd connector to eu-west-1: it reads
	 * every connector and sends exactly the moved ones, GETs and PUTs sharing the limit at ≥ 0.95 of it. The
	 * simulator also measures, per connector sent, the time from its read's answer to its update's arrival.
	 */
	private void merge() throws Exception {
		int n = size.live();
		Path inventory = inventory(n, false)[0];
		Path partial = work.resolve("inventories").resolve(n + "-merge-every-2nd-moved.csv");
		StringBuilder text = new StringBuilder("connector_id,region,password,auth_token\n");
		for (int i = 1; i <= n; i++) {
			text.append("rc-").append(i).append(i % 2 == 0 ? ",eu-west-1," : ",us-east-1,")
				.append("${env:REGISTRY_SYNC_BENCH_SECRET},${env:REGISTRY_SYNC_BENCH_SECRET}\n");
		}
		Files.writeString(partial, text);
		String scenario = "merge: 200 ms, limit 20/s";
		fillTenant(scenario, "merge/registry-sync", inventory, n);
		CortexSimulator.Settings tenant = new CortexSimulator.Settings(200, LIMIT, 0, 0);
		liveRun(scenario, "registry-sync, merge, every 2nd moved", work.resolve("merge/registry-sync"), partial, n,
				tenant, List.of("--sync.merge=true", "--sync.rate-limit=" + LIMIT, "--sync.max-concurrency=8"), false,
				n / 2, true);
	}

	/**
	 * One process syncing a fleet: a simulator per tenant, each with 100 ms latency and its own limit of 10/s,
	 * every tenant at once ({@code sync.fleet-parallelism} = tenants). Each tenant must have every connector
	 * updated, its busiest second within 10, and is reported by its own rate (goal ≥ 0.95 of 10/s). The CPU time
	 * of the process (user + system) per connector is set against a bare JDK HttpClient loop sending as many
	 * updates to a simulator without latency or limit, measured in the same harness run.
	 */
	private void fleet() throws Exception {
		int tenants = Integer.parseInt(options.getOrDefault("fleet-tenants", Integer.toString(size.fleetTenants())));
		int n = size.fleetConnectors();
		int limit = 10;
		String scenario = "fleet: " + tenants + " tenants × " + String.format(Locale.ROOT, "%,d", n)
				+ ", 100 ms, limit 10/s each";
		Path dir = work.resolve("fleet/registry-sync");
		delete(dir);
		Files.createDirectories(dir.resolve("keys"));
		Path inventory = inventory(n, false)[0];
		List<CortexSimulator> simulators = new ArrayList<>();
		StringBuilder fleet = new StringBuilder("tenants:\n");
		try {
			for (int i = 0; i < tenants; i++) {
				CortexSimulator tenant = CortexSimulator.start(0, new CortexSimulator.Settings(100, limit, 0, 0));
				simulators.add(tenant);
				Path key = Files.writeString(dir.resolve("keys").resolve("tenant-" + i), API_KEY + "\n");
				fleet.append("  - name: tenant-").append(i).append("\n    base-url: ").append(tenant.baseUrl())
					.append("\n    api-key-id: 1\n    api-key: ${file:").append(key).append("}\n    inventory: ")
					.append(inventory).append("\n    rate-limit: ").append(limit).append('\n');
			}
			Path fleetFile = Files.writeString(dir.resolve("fleet.yml"), fleet);
			List<String> command = new ArrayList<>(List.of(java.toString(), "-jar", jar.toString(),
					"--sync.fleet=" + fleetFile, "--sync.fleet-parallelism=" + tenants, "--sync.report=report.json"));
			String postgres = postgres();
			if (postgres != null) {
				command.add("--spring.datasource.url=" + postgres);
				command.add("--spring.datasource.username=" + postgresUser());
			}
			progress(scenario, "registry-sync, one process, every tenant at once");
			Measured run = measure(dir, command);
			List<String> problems = new ArrayList<>();
			if (run.exit() != 0) {
				problems.add("exit code " + run.exit() + " (see " + dir.resolve("stdout.txt") + ")");
			}
			double slowest = Double.MAX_VALUE;
			double fastest = 0;
			int busiest = 0;
			for (int i = 0; i < tenants; i++) {
				CortexSimulator.Stats stats = simulators.get(i).stats();
				if (stats.connectorsUpdated() != n) {
					problems.add("tenant-" + i + " updated " + stats.connectorsUpdated() + " of " + n);
				}
				if (stats.busiestSecond() > limit) {
					problems.add("tenant-" + i + "'s busiest second " + stats.busiestSecond() + " > " + limit);
				}
				slowest = Math.min(slowest, stats.connectorsPerSecond());
				fastest = Math.max(fastest, stats.connectorsPerSecond());
				busiest = Math.max(busiest, stats.busiestSecond());
			}
			long connectors = (long) tenants * n;
			double cpuPerConnectorMs = run.cpuSeconds() * 1000 / connectors;
			Row loop = fleetCpuFloor(connectors);
			String result = (problems.isEmpty() ? "every tenant UPDATED " + n + "/" + n : "FAILED: " + String.join("; ",
					problems))
					+ String.format(Locale.ROOT, "; per tenant %.2f to %.2f connectors/s (%.3f to %.3f of its limit); "
							+ "busiest second %d; CPU %.1f s = %.2f ms a connector (JDK loop: %s)", slowest, fastest,
							slowest / limit, fastest / limit, busiest, run.cpuSeconds(), cpuPerConnectorMs,
							loop.result())
					+ (slowest / limit >= 0.95 ? "; goal ≥ 0.95 met by every tenant" : "; below goal ≥ 0.95");
			add(new Row(scenario, "registry-sync, one process, every tenant at once", connectors, run.wallSeconds(),
					slowest, "sending, slowest tenant", "limit 10/s", limit, run.rssKb(), result, problems.isEmpty()));
		}
		finally {
			for (CortexSimulator tenant : simulators) {
				tenant.close();
			}
		}
	}

	/**
	 * A bare JDK HttpClient loop sending as many updates to the harness's simulator, without latency or limit:
	 * the CPU floor of sending one request, for the fleet's CPU per connector.
	 */
	private Row fleetCpuFloor(long connectors) throws Exception {
		Path bodies = inventory((int) connectors, true)[1];
		Path dir = work.resolve("fleet/jdk-loop");
		delete(dir);
		Files.createDirectories(dir);
		simulator.reset(CortexSimulator.Settings.plain());
		progress("fleet", "JDK HttpClient loop, CPU floor");
		Measured run = measure(dir, sequentialPuts(bodies));
		String result = String.format(Locale.ROOT, "%.1f s CPU = %.2f ms a connector, %,d updates", run.cpuSeconds(),
				run.cpuSeconds() * 1000 / connectors, simulator.stats().updates());
		return new Row("fleet", "JDK loop", connectors, run.wallSeconds(), 0, "", "", 0, run.rssKb(), result, true);
	}

	/**
	 * A first sync, without latency or limit, of every connector into an emptied simulator, which then answers
	 * reads with them; the run's folder keeps the job repository, whose ledger then knows their secrets.
	 */
	private void fillTenant(String scenario, String folder, Path inventory, int n) throws Exception {
		simulator.forgetConnectors();
		sync(scenario, "registry-sync, first sync (fills the tenant)", folder, inventory, n,
				CortexSimulator.Settings.plain(), List.of(), List.of("--sync.rate-limit=10000", "--sync.max-concurrency=16"),
				Expect.UPDATED, 0, 0);
	}

	/**
	 * One live run in the first sync's directory (its H2 job repository holds the ledger): every connector read
	 * once, exactly {@code changes} updates sent, the busiest second within the limit, reads at ≥ 0.95 of the
	 * limit in a plan, and a sync within 1.1 × (reads + updates) ÷ limit, or, with {@code atTheLimit}, reads and
	 * updates together at ≥ 0.95 of the limit.
	 */
	private void liveRun(String scenario, String tool, Path dir, Path inventory, int n, CortexSimulator.Settings tenant,
			List<String> props, boolean dryRun, int changes, boolean atTheLimit) throws Exception {
		simulator.reset(tenant);
		List<String> command = new ArrayList<>(List.of(java.toString()));
		command.addAll(jarArguments(inventory));
		command.add("--sync.dry-run=" + dryRun);
		command.addAll(props);
		progress(scenario, tool);
		Measured run = measure(dir, command);
		CortexSimulator.Stats stats = simulator.stats();
		Map<String, Long> counts = reportCounts(dir.resolve("report.json"));
		double jobSeconds = jobSeconds(run.stdout());
		List<String> problems = new ArrayList<>();
		if (run.exit() != 0) {
			problems.add("exit code " + run.exit() + " (see " + dir.resolve("stdout.txt") + ")");
		}
		String sent = dryRun ? "PLANNED" : "UPDATED";
		if (counts.getOrDefault(sent, 0L) != changes || counts.getOrDefault("UNCHANGED", 0L) != n - changes) {
			problems.add(sent + " " + counts.getOrDefault(sent, 0L) + " and UNCHANGED "
					+ counts.getOrDefault("UNCHANGED", 0L) + ", not " + changes + " and " + (n - changes));
		}
		long reads = stats.reads() - stats.throttled();
		if (reads != n) {
			problems.add(reads + " reads answered, not " + n);
		}
		if (stats.updates() != (dryRun ? 0 : changes)) {
			problems.add(stats.updates() + " updates sent, not " + (dryRun ? 0 : changes));
		}
		if (stats.busiestSecond() > tenant.rateLimit()) {
			problems.add("busiest second " + stats.busiestSecond() + " > limit " + tenant.rateLimit());
		}
		double rate;
		String basis;
		String goal;
		if (dryRun) {
			rate = stats.readsPerSecond(reads);
			basis = "reading";
			goal = rate / LIMIT >= 0.95 ? "goal ≥ 0.95 met" : "below goal ≥ 0.95";
		}
		else if (atTheLimit) {
			rate = jobSeconds > 0 ? (reads + stats.updates()) / jobSeconds : 0;
			basis = "job, GETs + PUTs";
			goal = String.format(Locale.ROOT, "%d requests in %.1f s, %s; read answered → update arrived: median "
					+ "%.0f ms, max %.0f ms", reads + stats.updates(), jobSeconds,
					rate / LIMIT >= 0.95 ? "goal ≥ 0.95 met" : "below goal ≥ 0.95", stats.readToUpdateQuantile(0.5),
					stats.readToUpdateQuantile(1));
		}
		else {
			double bound = 1.1 * (n + changes) / LIMIT;
			rate = jobSeconds > 0 ? (reads + stats.updates()) / jobSeconds : 0;
			basis = "job, GETs + PUTs";
			goal = String.format(Locale.ROOT, jobSeconds <= bound ? "job %.1f s ≤ %.1f s (goal met)"
					: "job %.1f s > %.1f s (goal missed)", jobSeconds, bound);
		}
		String result = (problems.isEmpty() ? sent + " " + changes + ", UNCHANGED " + (n - changes)
				: "FAILED: " + String.join("; ", problems))
				+ String.format(Locale.ROOT, "; %d reads, %d updates, %d × 429; busiest second %d; %s", reads,
						stats.updates(), stats.throttled(), stats.busiestSecond(), goal);
		add(new Row(scenario, tool, n, run.wallSeconds(), rate, basis, "limit " + LIMIT + "/s", LIMIT, run.rssKb(),
				result, problems.isEmpty()));
	}

	// running registry-sync

	/** What a registry-sync run must end with. */
	enum Expect {

		UPDATED, PLANNED, UNCHANGED

	}

	private void sync(String scenario, String tool, String name, Path inventory, int n,
			CortexSimulator.Settings tenant, List<String> jvm, List<String> props, Expect expect, double limit,
			double goal) throws Exception {
		sync(scenario, tool, name, inventory, n, tenant, jvm, props, expect, limit, limit > 0 ? "limit " + (int) limit + "/s" : "—",
				goal);
	}

	private void sync(String scenario, String tool, String name, Path inventory, int n,
			CortexSimulator.Settings tenant, List<String> jvm, List<String> props, Expect expect, double reference,
			String referenceLabel, double goal) throws Exception {
		Path dir = work.resolve(name);
		if (expect != Expect.UNCHANGED) {
			delete(dir);
		}
		Files.createDirectories(dir);
		simulator.reset(tenant);
		List<String> command = new ArrayList<>(List.of(java.toString()));
		command.addAll(jvm);
		if (options.containsKey("jfr")) {
			// deep stacks: the step's frames sit below some 60 frames of Spring Batch and JDBC
			command.add("-XX:FlightRecorderOptions:stackdepth=256");
			command.add("-XX:StartFlightRecording=filename=" + dir.resolve(expect.name().toLowerCase(Locale.ROOT) + ".jfr")
					+ ",settings=profile");
		}
		command.addAll(jarArguments(inventory));
		command.addAll(props);
		progress(scenario, tool);
		Measured run = measure(dir, command);
		CortexSimulator.Stats stats = simulator.stats();
		Map<String, Long> counts = reportCounts(dir.resolve("report.json"));
		double jobSeconds = jobSeconds(run.stdout());
		List<String> problems = new ArrayList<>();
		if (run.exit() != 0) {
			problems.add("exit code " + run.exit() + " (see " + dir.resolve("stdout.txt") + ")");
		}
		long got = counts.getOrDefault(expect.name(), 0L);
		if (got != n) {
			problems.add(expect + " " + got + " of " + n);
		}
		switch (expect) {
			case UPDATED -> {
				if (stats.connectorsUpdated() != n) {
					problems.add("the simulator updated " + stats.connectorsUpdated() + " of " + n);
				}
			}
			case PLANNED, UNCHANGED -> {
				if (stats.updates() != 0) {
					problems.add(stats.updates() + " updates sent");
				}
			}
		}
		if (tenant.rateLimit() > 0 && stats.busiestSecond() > tenant.rateLimit()) {
			problems.add("busiest second " + stats.busiestSecond() + " > limit " + tenant.rateLimit());
		}
		boolean sending = expect == Expect.UPDATED;
		double rate = sending ? stats.connectorsPerSecond() : (jobSeconds > 0 ? n / jobSeconds : 0);
		StringBuilder result = new StringBuilder(problems.isEmpty() ? expect + " " + got + "/" + n
				: "FAILED: " + String.join("; ", problems));
		if (sending) {
			result.append(String.format(Locale.ROOT,
					"; %d requests (%.1f/s), %d × 429, %d × 503, %d resets; busiest second %d", stats.updates(),
					stats.sendingSeconds() > 0 ? stats.updates() / stats.sendingSeconds() : 0, stats.throttled(),
					stats.unavailable(), stats.resets(), stats.busiestSecond()));
		}
		else {
			result.append(String.format(Locale.ROOT, "; job %.1f s, %d updates sent", jobSeconds, stats.updates()));
		}
		if (goal > 0 && reference > 0) {
			result.append(rate / reference >= goal ? "; goal ≥ " + goal + " met" : "; below goal ≥ " + goal);
		}
		add(new Row(scenario, tool, n, run.wallSeconds(), rate, sending ? "sending" : "job", referenceLabel,
				reference, run.rssKb(), result.toString(), problems.isEmpty()));
	}

	/** The jar and what every registry-sync run gets: the simulated tenant, the key, the inventory, the report. */
	private List<String> jarArguments(Path inventory) {
		return List.of("-jar", jar.toString(), "--cortex.base-url=" + simulator.baseUrl(), "--cortex.api-key-id=1",
				"--cortex.api-key=" + API_KEY, "--sync.inventory=" + inventory, "--sync.report=report.json");
	}

	private static Map<String, Long> reportCounts(Path report) throws IOException {
		Map<String, Long> counts = new TreeMap<>();
		if (!Files.exists(report)) {
			return counts;
		}
		byte[] head;
		try (InputStream in = Files.newInputStream(report)) {
			head = in.readNBytes(16_384);
		}
		Matcher block = Pattern.compile("\"counts\"\\s*:\\s*\\{([^}]*)}")
			.matcher(new String(head, StandardCharsets.UTF_8));
		if (block.find()) {
			Matcher entry = Pattern.compile("\"(\\w+)\"\\s*:\\s*(\\d+)").matcher(block.group(1));
			while (entry.find()) {
				counts.put(entry.group(1), Long.parseLong(entry.group(2)));
			}
		}
		return counts;
	}

	private static double jobSeconds(String stdout) {
		Matcher summary = Pattern.compile("records, ([0-9.]+) s, exit code").matcher(stdout);
		return summary.find() ? Double.parseDouble(summary.group(1)) : 0;
	}

	// the simple alternatives

	private List<String> curl(Path bodies) {
		return List.of("bash", Path.of("bench", "curl-loop.sh").toAbsolutePath().toString(), bodies.toString(),
				simulator.baseUrl(), "1", API_KEY);
	}

	private List<String> sequentialPuts(Path bodies) {
		return List.of(java.toString(), "-cp", work.resolve("classes").toString(), "SequentialPuts", bodies.toString(),
				simulator.baseUrl(), "1", API_KEY);
	}

	private void compileSequentialPuts() throws Exception {
		Path javac = java.resolveSibling("javac");
		Process process = new ProcessBuilder(javac.toString(), "-d", work.resolve("classes").toString(),
				Path.of("bench", "SequentialPuts.java").toString())
			.inheritIO()
			.start();
		if (process.waitFor() != 0) {
			throw new IllegalStateException("javac bench/SequentialPuts.java failed");
		}
	}

	private Row loop(String scenario, String tool, String name, Path bodies, int n, CortexSimulator.Settings tenant,
			List<String> command, double limit) throws Exception {
		return loop(scenario, tool, name, bodies, n, tenant, command, limit, limit > 0 ? "limit " + (int) limit + "/s" : "—");
	}

	private Row loop(String scenario, String tool, String name, Path bodies, int n, CortexSimulator.Settings tenant,
			List<String> command, double reference, String referenceLabel) throws Exception {
		if (options.containsKey("no-loops")) {
			return new Row(scenario, tool, n, 0, 0, "", referenceLabel, 0, 0, "skipped: --no-loops", true);
		}
		Path dir = work.resolve(name);
		delete(dir);
		Files.createDirectories(dir);
		simulator.reset(tenant);
		progress(scenario, tool);
		Measured run = measure(dir, command);
		CortexSimulator.Stats stats = simulator.stats();
		Map<String, Long> statuses = new TreeMap<>();
		run.stdout().lines().filter(line -> !line.isBlank()).forEach(line -> statuses.merge(line.trim(), 1L, Long::sum));
		long success = statuses.entrySet()
			.stream()
			.filter(e -> e.getKey().startsWith("2"))
			.mapToLong(Map.Entry::getValue)
			.sum();
		String result = String.format(Locale.ROOT, "%d/%d answered 2xx%s; %d requests, %d × 429; busiest second %d",
				success, n, success == n ? "" : " (" + (n - success) + " connectors not updated: " + statuses + ")",
				stats.updates(), stats.throttled(), stats.busiestSecond());
		Row row = new Row(scenario, tool, n, run.wallSeconds(), stats.connectorsPerSecond(), "sending", referenceLabel,
				reference, run.rssKb(), result, true);
		add(row);
		return row;
	}

	// PostgreSQL

	private String postgresSkipped = "";

	/** A fresh schema for the PostgreSQL run, or null (and the reason in postgresSkipped) without a server. */
	private String postgres() throws Exception {
		if (options.containsKey("no-postgres")) {
			postgresSkipped = "--no-postgres";
			return null;
		}
		String url = options.getOrDefault("postgres-url",
				System.getenv().getOrDefault("REGISTRY_SYNC_BENCH_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test"));
		URI server = URI.create(url.substring("jdbc:".length()));
		String schema = "registry_sync_bench";
		Path dir = work.resolve("overhead/postgres-schema");
		Files.createDirectories(dir);
		Process psql;
		try {
			// -w: never ask for a password on the terminal
			ProcessBuilder command = new ProcessBuilder("psql", "-X", "-q", "-w", "-v", "ON_ERROR_STOP=1", "-h",
					server.getHost(), "-p",
					String.valueOf(server.getPort() < 0 ? 5432 : server.getPort()), "-U", postgresUser(), "-d",
					server.getPath().substring(1), "-c",
					"DROP SCHEMA IF EXISTS " + schema + " CASCADE; CREATE SCHEMA " + schema)
				.redirectErrorStream(true)
				.redirectOutput(dir.resolve("psql.txt").toFile());
			command.environment().put("PGPASSWORD", postgresPassword());
			psql = command.start();
		}
		catch (IOException e) {
			postgresSkipped = "psql not found (" + e.getMessage() + ")";
			System.err.println("bench: PostgreSQL run skipped: " + postgresSkipped);
			return null;
		}
		if (!psql.waitFor(60, TimeUnit.SECONDS)) {
			psql.destroyForcibly();
			postgresSkipped = "psql did not finish in 60 s against " + url;
			System.err.println("bench: PostgreSQL run skipped: " + postgresSkipped);
			return null;
		}
		if (psql.exitValue() != 0) {
			postgresSkipped = "no PostgreSQL at " + url + ": " + Files.readString(dir.resolve("psql.txt")).strip();
			System.err.println("bench: PostgreSQL run skipped: " + postgresSkipped);
			return null;
		}
		return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
	}

	private String postgresPassword() {
		return options.getOrDefault("postgres-password",
				System.getenv().getOrDefault("REGISTRY_SYNC_BENCH_POSTGRES_PASSWORD", ""));
	}

	private String postgresUser() {
		return options.getOrDefault("postgres-user",
				System.getenv().getOrDefault("REGISTRY_SYNC_BENCH_POSTGRES_USER", "postgres"));
	}

	// processes, files and the table

	private Measured measure(Path dir, List<String> command) throws Exception {
		Path time = dir.resolve("time.txt");
		List<String> timed = new ArrayList<>(List.of("/usr/bin/time", "-f", "%e %M %U %S", "-o", time.toString()));
		timed.addAll(command);
		ProcessBuilder builder = new ProcessBuilder(timed).directory(dir.toFile())
			.redirectOutput(dir.resolve("stdout.txt").toFile())
			.redirectError(dir.resolve("stderr.txt").toFile());
		builder.environment().put("REGISTRY_SYNC_BENCH_SECRET", SECRET);
		builder.environment().put("SPRING_DATASOURCE_PASSWORD", postgresPassword());
		Process process = builder.start();
		if (!process.waitFor(2, TimeUnit.HOURS)) {
			process.descendants().forEach(ProcessHandle::destroyForcibly);
			process.destroyForcibly();
			throw new IllegalStateException(String.join(" ", command) + " did not finish in 2 hours");
		}
		List<String> lines = Files.readAllLines(time);
		String[] last = lines.getLast().trim().split(" ");
		return new Measured(process.exitValue(), Double.parseDouble(last[0]), Long.parseLong(last[1]),
				Double.parseDouble(last[2]) + Double.parseDouble(last[3]), dir);
	}

	/** The inventory CSV of n connectors and, when asked, the request bodies of the same connectors. */
	private Path[] inventory(int n, boolean bodies) throws IOException {
		Path dir = work.resolve("inventories");
		Files.createDirectories(dir);
		Path csv = dir.resolve(n + ".csv");
		Path tsv = dir.resolve(n + ".tsv");
		if (!Files.exists(csv) || (bodies && !Files.exists(tsv))) {
			System.err.printf(Locale.ROOT, "bench: generating %,d connectors%n", n);
			GenerateInventory.write(n, csv, bodies ? tsv : null, SECRET);
		}
		return new Path[] { csv, tsv };
	}

	private static void delete(Path dir) throws IOException {
		if (Files.exists(dir)) {
			try (Stream<Path> paths = Files.walk(dir)) {
				for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
					Files.delete(path);
				}
			}
		}
	}

	private void progress(String scenario, String tool) {
		System.err.printf(Locale.ROOT, "bench: %s — %s …%n", scenario, tool);
	}

	private void add(Row row) {
		rows.add(row);
		System.err.printf(Locale.ROOT, "bench:   %.1f s, %.1f connectors/s, %,d MB peak RSS: %s%n", row.wallSeconds(),
				row.rate(), row.rssKb() / 1024, row.result());
	}

	private String table() {
		StringBuilder out = new StringBuilder();
		out.append(String.format(Locale.ROOT, "Benchmarks, %s size, %s; %d cores, %,d MB of memory, Java %s%n%n",
				options.getOrDefault("size", "full"),
				ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME).substring(0, 16),
				Runtime.getRuntime().availableProcessors(), totalMemoryMb(), System.getProperty("java.version")));
		out.append("| scenario | tool | connectors | wall time (s) | connectors/s | measured over | reference | ratio | "
				+ "peak RSS (MB) | result |\n");
		out.append("| --- | --- | ---: | ---: | ---: | --- | --- | ---: | ---: | --- |\n");
		for (Row row : rows) {
			out.append(String.format(Locale.ROOT, "| %s | %s | %,d | %.1f | %,.1f | %s | %s | %s | %,d | %s |%n",
					row.scenario(), row.tool(), row.connectors(), row.wallSeconds(), row.rate(), row.basis(),
					row.reference(), row.ratio(), row.rssKb() / 1024, row.result()));
		}
		return out.toString();
	}

	private static long totalMemoryMb() {
		if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
			return os.getTotalMemorySize() / (1024 * 1024);
		}
		return 0;
	}

}
