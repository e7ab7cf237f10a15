package org.registrysync.job;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.registrysync.client.CortexFatalException;
import org.registrysync.inventory.InventoryException;
import org.registrysync.inventory.InventoryFile;
import org.registrysync.inventory.InventoryFormat;
import org.registrysync.inventory.InventoryScan;
import org.registrysync.mapping.InventoryDefaults;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The command, once Boot has bound and checked the configuration
 * ({@link SyncConfigurationValidator}): scans the inventory, takes the run lock, checks
 * the key, runs the job ({@link RunLauncher}) and hands its end to the
 * {@link RunFinisher}, which sets the exit code (SPEC §3). Boot's own job runner is off:
 * it would map a completed run with invalid records to exit code 0.
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

	/**
	 * With {@code sync.detailed-exit-code=true} only: the dry run completed, every record
	 * is valid and found, and at least one is PLANNED (changes are pending).
	 */
	public static final int EXIT_CHANGES_PENDING = 4;

	private static final Logger log = LoggerFactory.getLogger(SyncCommand.class);

	private final SyncProperties sync;

	private final Tenant tenant;

	private final InventoryScans scans;

	private final RunLock runLock;

	private final CortexPreflight preflight;

	private final RunLauncher launcher;

	private final RunLauncher exportLauncher;

	private final Environment environment;

	private final RunFinisher finisher;

	private int exitCode = EXIT_FAILED;

	public SyncCommand(SyncProperties sync, Tenant tenant, InventoryScans scans, RunLock runLock,
			CortexPreflight preflight, RunLauncher runLauncher, RunLauncher exportLauncher, RunFinisher finisher,
			Environment environment) {
		this.sync = sync;
		this.tenant = tenant;
		this.scans = scans;
		this.runLock = runLock;
		this.preflight = preflight;
		this.launcher = runLauncher;
		this.exportLauncher = exportLauncher;
		this.environment = environment;
		this.finisher = finisher;
	}

	@Override
	public void run(ApplicationArguments args) {
		try {
			exitCode = execute();
		}
		catch (ConfigurationException | InventoryException e) {
			System.err.println("registry-sync: " + e.getMessage());
			exitCode = EXIT_CONFIGURATION;
		}
		catch (CortexFatalException | RunLock.RunInProgressException | RunLauncher.CannotStartException e) {
			System.err.println("registry-sync: " + e.getMessage());
			exitCode = EXIT_FAILED;
		}
	}

	@Override
	public int getExitCode() {
		return exitCode;
	}

	private int execute() {
		if (sync.export() != null) {
			return export(sync.export());
		}
		InventoryScan scan = scan();
		RunMode mode = new RunMode(sync.dryRun(), sync.full(), sync.only(), sync.comparison(), null, defaults(),
				sync.merge());
		// A live dry run reads every connector: it takes the tenant's lock and its rate
		// limit like a sync.
		try (RunLock.Held lock = runLock.acquire(tenant.lockName(!mode.usesTenant(), scan.sha256()))) {
			if (mode.usesTenant()) {
				preflight.check();
			}
			JobExecution execution = launcher.launch(RunSource.of(scan), tenant, mode);
			return finisher.finish(execution);
		}
	}

	/** The defaults file, checked through before anything is read or sent. */
	private RunMode.@Nullable Defaults defaults() {
		if (sync.defaults() == null) {
			return null;
		}
		try {
			return new RunMode.Defaults(sync.defaults(), InventoryDefaults.load(sync.defaults()).sha256());
		}
		catch (IllegalArgumentException e) {
			throw new ConfigurationException(e.getMessage() + "; nothing was sent");
		}
	}

	/**
	 * Exports the connectors whose ids the ids file or the inventory holds: a run of its
	 * own, under the tenant's lock and rate limit like a sync.
	 */
	private int export(Path exportFile) {
		InventoryFormat.of(exportFile);
		// A file there may be an inventory edited since it was exported: never replaced
		// unasked. One whose staging file is there is an unfinished export's, resumed.
		if (Files.exists(exportFile) && !sync.exportOverwrite() && !Files.exists(ExportWriter.staging(exportFile))) {
			throw new ConfigurationException("sync.export: " + exportFile + " already exists, and an export does not "
					+ "replace a file unless sync.export-overwrite=true; move it away or set that; nothing was read");
		}
		String template = ExportSecretTemplate.of(environment);
		Path ids = sync.exportIds();
		RunSource source = (ids != null) ? ExportIds.scan(ids, Set.copyOf(sync.only())) : exportedFrom(scan());
		RunMode mode = new RunMode(false, false, sync.only(), CompareMode.LEDGER,
				new RunMode.ExportTarget(exportFile, ids != null, template), null);
		try (RunLock.Held lock = runLock.acquire(tenant.lockName(false, source.sha256()))) {
			preflight.check();
			return finisher.finish(exportLauncher.launch(source, tenant, mode));
		}
	}

	/** An inventory whose ids an export reads: each id once, as in an ids file. */
	private static RunSource exportedFrom(InventoryScan scan) {
		List<String> twice = scan.duplicates().ids();
		if (!twice.isEmpty()) {
			throw new ConfigurationException(scan.file().displayName() + " holds the same connector_id more than "
					+ "once (" + String.join(", ", twice.subList(0, Math.min(10, twice.size())))
					+ (twice.size() > 10 ? " and " + (twice.size() - 10) + " more" : "")
					+ "); an export reads and writes each connector once: keep one record per connector; "
					+ "nothing was read");
		}
		return RunSource.of(scan);
	}

	/**
	 * Reads the whole inventory once: proves it readable, counts and hashes it, and finds
	 * the ids of {@code sync.only}.
	 */
	private InventoryScan scan() {
		// Never null: SyncConfigurationValidator requires it.
		InventoryFile file = InventoryFile.of(Objects.requireNonNull(sync.inventory()));
		InventoryScan scan = scans.scan(file, Set.copyOf(sync.only()));
		List<String> unknown = sync.only().stream().filter(id -> !scan.found().contains(id)).toList();
		if (!unknown.isEmpty()) {
			throw new ConfigurationException("sync.only names connector ids that are not in " + file.displayName()
					+ ": " + String.join(", ", unknown) + "; nothing was sent");
		}
		if (scan.records() == 0) {
			log.warn("{}: the inventory holds no records; nothing to do", file.displayName());
		}
		return scan;
	}

}
