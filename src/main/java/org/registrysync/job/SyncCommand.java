package org.registrysync.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.registrysync.client.CortexClient;
import org.registrysync.client.CortexFatalException;
import org.registrysync.client.CortexProperties;
import org.registrysync.inventory.InventoryException;
import org.registrysync.inventory.InventoryFile;
import org.registrysync.inventory.InventoryScan;
import org.registrysync.outcome.Outcome;
import org.registrysync.outcome.OutcomeRepository;
import org.registrysync.outcome.ReportWriter;
import org.registrysync.outcome.RunRepository;
import org.registrysync.outcome.RunResult;
import org.registrysync.outcome.SummaryPrinter;
import org.registrysync.outcome.SyncRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

import tools.jackson.core.JacksonException;

/**
 * The command: checks the configuration, scans the inventory, finds or starts the run,
 * runs the job, then prints the summary, writes the report and sets the exit code (SPEC
 * §3). Boot's own job runner is off: it would map a completed run with invalid records to
 * exit code 0.
 */
@Component
public class SyncCommand implements ApplicationRunner, ExitCodeGenerator {

	/** Every connector is in sync (or would be, in a dry run). */
	public static final int EXIT_OK = 0;

	/** The run failed or was stopped; re-running the same command resumes it. */
	public static final int EXIT_FAILED = 1;

	/** Bad configuration or unreadable inventory; nothing was sent. */
	public static final int EXIT_CONFIGURATION = 2;

	/** The run completed, but some connectors are INVALID, NOT_FOUND or FAILED. */
	public static final int EXIT_NOT_IN_SYNC = 3;

	private static final Logger log = LoggerFactory.getLogger(SyncCommand.class);

	private final SyncProperties sync;

	private final CortexProperties cortex;

	private final InventoryScans scans;

	private final RunPlanner planner;

	private final JobOperator jobOperator;

	private final Job job;

	private final RunRepository runs;

	private final OutcomeRepository outcomes;

	private final ReportWriter reports;

	private final SummaryPrinter summary;

	private final ObjectProvider<CortexClient> cortexClient;

	private final RunLock runLock;

	private final SyncMetrics metrics;

	private final PrintStream out = System.out;

	private final PrintStream err = System.err;

	private int exitCode = EXIT_FAILED;

	public SyncCommand(SyncProperties sync, CortexProperties cortex, InventoryScans scans, RunPlanner planner,
			JobOperator jobOperator, Job job, RunRepository runs, OutcomeRepository outcomes, ReportWriter reports,
			SummaryPrinter summary, ObjectProvider<CortexClient> cortexClient, RunLock runLock, SyncMetrics metrics) {
		this.sync = sync;
		this.cortex = cortex;
		this.scans = scans;
		this.planner = planner;
		this.jobOperator = jobOperator;
		this.job = job;
		this.runs = runs;
		this.outcomes = outcomes;
		this.reports = reports;
		this.summary = summary;
		this.cortexClient = cortexClient;
		this.runLock = runLock;
		this.metrics = metrics;
	}

	@Override
	public void run(ApplicationArguments args) {
		try {
			exitCode = execute();
		}
		catch (ConfigurationException | InventoryException e) {
			err.println("registry-sync: " + e.getMessage());
			exitCode = EXIT_CONFIGURATION;
		}
		catch (CortexFatalException | RunLock.RunInProgressException e) {
			err.println("registry-sync: " + e.getMessage());
			exitCode = EXIT_FAILED;
		}
	}

	@Override
	public int getExitCode() {
		return exitCode;
	}

	private int execute() {
		Path inventory = checkConfiguration();
		InventoryFile file = InventoryFile.of(inventory);
		InventoryScan scan = scans.scan(file, Set.copyOf(sync.only()));
		List<String> unknown = sync.only().stream().filter(id -> !scan.found().contains(id)).toList();
		if (!unknown.isEmpty()) {
			throw new ConfigurationException("sync.only names connector ids that are not in " + file.displayName()
					+ ": " + String.join(", ", unknown) + "; nothing was sent");
		}
		if (scan.records() == 0) {
			log.warn("{}: the inventory holds no records; nothing to do", file.displayName());
		}
		String tenant = tenant();
		// One sync per tenant at a time: two would share, and so exceed, the tenant's
		// rate limit.
		String lockName = sync.dryRun() ? "dry-run " + tenant + " " + scan.sha256() : "tenant " + tenant;
		try (RunLock.Held lock = runLock.acquire(lockName)) {
			if (!sync.dryRun()) {
				CortexClient client = client();
				if (cortex.preflight()) {
					client.checkKey();
				}
			}
			RunPlan plan = planner.plan(scan, tenant, new RunMode(sync.dryRun(), sync.full(), sync.only()));
			log.info("{} run {} of {} ({} records, sha256 {})", plan.resume() ? "Resuming" : "Starting",
					plan.runKey() + "#" + plan.runSeq(), file.displayName(), scan.records(), scan.sha256());
			JobExecution execution;
			try {
				execution = jobOperator.start(job, plan.parameters());
			}
			catch (Exception e) {
				err.println("registry-sync: cannot start the run: " + e.getMessage());
				return EXIT_FAILED;
			}
			return finish(execution);
		}
	}

	private int finish(JobExecution execution) {
		long instanceId = execution.getJobInstance().getInstanceId();
		SyncRun run = runs.find(instanceId)
			.orElseThrow(() -> new IllegalStateException("run " + instanceId + " was not registered"));
		Map<Outcome, Long> counts = outcomes.counts(instanceId);
		BatchStatus status = execution.getStatus();
		String failure = failure(execution);
		for (Throwable exception : execution.getAllFailureExceptions()) {
			if (!expected(exception)) {
				log.error("Run {} failed", instanceId, exception);
			}
		}
		int code;
		if (status == BatchStatus.COMPLETED) {
			boolean inSync = counts.entrySet().stream().allMatch(e -> e.getKey().inSync() || e.getValue() == 0);
			code = inSync ? EXIT_OK : EXIT_NOT_IN_SYNC;
		}
		else {
			code = EXIT_FAILED;
		}
		metrics.finished(status.name(),
				Duration.between(instant(execution.getStartTime()), instant(execution.getEndTime())));
		// The report covers the whole run, from its first execution.
		RunResult result = new RunResult(run, status.name(), code, run.createdAt(), instant(execution.getEndTime()),
				counts, failure);
		summary.print(out, result);
		if (sync.report() != null) {
			try {
				reports.write(sync.report(), result);
				log.info("Report written to {}", sync.report());
			}
			catch (IOException | UncheckedIOException | JacksonException | DataAccessException e) {
				err.println("registry-sync: cannot write the report " + sync.report() + ": " + e.getMessage());
				return EXIT_FAILED;
			}
		}
		if (code == EXIT_FAILED) {
			err.println("registry-sync: run " + instanceId + " " + status + (failure == null ? "" : ": " + failure)
					+ "; re-run the same command to resume it");
		}
		return code;
	}

	/**
	 * Whether a failure is one the one-line message fully explains, so that its stack
	 * trace helps nobody.
	 */
	private static boolean expected(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof InventoryException || cause instanceof CortexFatalException
					|| cause instanceof JobInterruptedException) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Why a run failed, in one line: the first of our own exceptions in the chain, else
	 * the root cause.
	 */
	private static @Nullable String failure(JobExecution execution) {
		List<Throwable> failures = execution.getAllFailureExceptions();
		if (failures.isEmpty()) {
			return null;
		}
		Throwable root = failures.getFirst();
		for (Throwable cause = root; cause != null; cause = cause.getCause()) {
			if (cause instanceof InventoryException || cause instanceof CortexFatalException
					|| cause instanceof JobInterruptedException) {
				return cause.getMessage();
			}
			root = cause;
		}
		return root.getMessage() != null ? root.getMessage().split("\n", 2)[0] : root.getClass().getSimpleName();
	}

	private static Instant instant(@Nullable LocalDateTime time) {
		return time == null ? Instant.now() : time.atZone(ZoneId.systemDefault()).toInstant();
	}

	/**
	 * The Cortex client, built now so that a setting it rejects (a CA file that is not
	 * PEM) is told in one line.
	 */
	private CortexClient client() {
		try {
			return cortexClient.getObject();
		}
		catch (BeansException e) {
			for (Throwable cause = e; cause != null; cause = cause.getCause()) {
				if (cause instanceof IllegalArgumentException || cause instanceof ConfigurationException) {
					throw new ConfigurationException(String.valueOf(cause.getMessage()));
				}
			}
			throw e;
		}
	}

	/**
	 * The tenant as it identifies runs and keys the ledger: the base URL without a
	 * trailing slash.
	 */
	private String tenant() {
		URI baseUrl = cortex.baseUrl();
		if (baseUrl == null) {
			return "-";
		}
		String url = baseUrl.toString();
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

	private static boolean blank(@Nullable String value) {
		return value == null || value.isBlank();
	}

	/**
	 * A key with a line break or space in it (a file saved with CRLF) would be sent as
	 * is, or echoed in an error.
	 */
	private static void checkCredential(String property, @Nullable String value) {
		if (value != null && value.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
			throw new ConfigurationException(property + " holds a space, line break or control character; remove it "
					+ "(a file saved with Windows line endings ends in \\r)");
		}
	}

	private static void checkBaseUrl(URI baseUrl) {
		String scheme = baseUrl.getScheme();
		if (!("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme)) || baseUrl.getHost() == null) {
			throw new ConfigurationException("cortex.base-url must be a URL such as https://api-example.xdr.us."
					+ "paloaltonetworks.com, not " + baseUrl);
		}
		if ("http".equalsIgnoreCase(scheme) && !isLoopback(baseUrl.getHost())) {
			throw new ConfigurationException("cortex.base-url must use https: the API key would cross the network in "
					+ "clear (http is accepted on the loopback address only)");
		}
		if (baseUrl.getUserInfo() != null) {
			throw new ConfigurationException(
					"cortex.base-url must not carry credentials; use cortex.api-key-id and cortex.api-key");
		}
		String path = baseUrl.getRawPath();
		if (path != null && !path.isEmpty() && !path.equals("/")) {
			throw new ConfigurationException(
					"cortex.base-url is the https://api-{fqdn} part only, without a path (was " + path + ")");
		}
	}

	private static boolean isLoopback(String host) {
		return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1");
	}

	private Path checkConfiguration() {
		Path inventory = sync.inventory();
		if (inventory == null) {
			throw new ConfigurationException(
					"sync.inventory is required: pass --sync.inventory=path/to/connectors.csv");
		}
		URI baseUrl = cortex.baseUrl();
		if (!sync.dryRun() && (baseUrl == null || blank(cortex.apiKeyId()) || blank(cortex.apiKey()))) {
			throw new ConfigurationException(
					"cortex.base-url, cortex.api-key-id and cortex.api-key are required unless sync.dry-run=true");
		}
		if (baseUrl != null) {
			checkBaseUrl(baseUrl);
		}
		checkCredential("cortex.api-key-id", cortex.apiKeyId());
		checkCredential("cortex.api-key", cortex.apiKey());
		if (cortex.authHeaders().isEmpty() || cortex.authHeaders().stream().anyMatch(String::isBlank)) {
			throw new ConfigurationException("cortex.auth-headers must name at least one header, e.g. Authorization");
		}
		if (!cortex.connectTimeout().isPositive() || !cortex.readTimeout().isPositive()) {
			throw new ConfigurationException("cortex.connect-timeout and cortex.read-timeout must be positive");
		}
		if (sync.retryBackoff().isNegative() || sync.retryBackoffMax().compareTo(sync.retryBackoff()) < 0) {
			throw new ConfigurationException(
					"sync.retry-backoff must not be negative nor above sync.retry-backoff-max");
		}
		if (sync.ledgerKey() != null && sync.ledgerKey().length() < 16) {
			throw new ConfigurationException("sync.ledger-key must be at least 16 characters");
		}
		return inventory;
	}

}
