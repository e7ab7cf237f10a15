package org.registrysync.job;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.registrysync.client.CortexFatalException;
import org.registrysync.inventory.InventoryException;
import org.registrysync.inventory.InventoryFormat;
import org.registrysync.inventory.InventoryScan;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The command, once Boot has bound and checked the configuration
 * ({@link SyncConfigurationValidator}): syncs the tenant ({@link TenantSync}: scans the
 * inventory, takes the run lock, checks the key, runs the job) and hands its end to the
 * {@link RunFinisher}, which sets the exit code (SPEC §3); or exports, or syncs a fleet
 * ({@link FleetCommand}). Boot's own job runner is off: it would map a completed run with
 * invalid records to exit code 0.
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

	private final SyncProperties sync;

	private final Tenants tenants;

	private final TenantSync tenantSync;

	private final RunLock runLock;

	private final CortexPreflight preflight;

	private final RunLauncher exportLauncher;

	private final FleetCommand fleet;

	private final Environment environment;

	private final RunFinisher finisher;

	private int exitCode = EXIT_FAILED;

	public SyncCommand(SyncProperties sync, Tenants tenants, TenantSync tenantSync, RunLock runLock,
			CortexPreflight preflight, RunLauncher exportLauncher, FleetCommand fleet, RunFinisher finisher,
			Environment environment) {
		this.sync = sync;
		this.tenants = tenants;
		this.tenantSync = tenantSync;
		this.runLock = runLock;
		this.preflight = preflight;
		this.exportLauncher = exportLauncher;
		this.fleet = fleet;
		this.environment = environment;
		this.finisher = finisher;
	}

	@Override
	public void run(ApplicationArguments args) {
		try {
			exitCode = execute();
		}
		catch (RuntimeException e) {
			exitCode = exitCode(e);
			System.err.println("registry-sync: " + e.getMessage());
		}
	}

	/**
	 * The exit code of a run that could not start or ended early: 2 for a setting or an
	 * inventory that cannot be used, 1 for a key Cortex rejects, a Cortex it cannot reach
	 * or another run holding the lock.
	 * @throws RuntimeException any other exception, rethrown
	 */
	static int exitCode(RuntimeException e) {
		return switch (e) {
			case ConfigurationException c -> EXIT_CONFIGURATION;
			case InventoryException i -> EXIT_CONFIGURATION;
			case CortexFatalException c -> EXIT_FAILED;
			case RunLock.RunInProgressException r -> EXIT_FAILED;
			case RunLauncher.CannotStartException c -> EXIT_FAILED;
			default -> throw e;
		};
	}

	@Override
	public int getExitCode() {
		return exitCode;
	}

	private int execute() {
		if (sync.fleet() != null) {
			return fleet.run(sync.fleet());
		}
		if (sync.export() != null) {
			return export(sync.export());
		}
		return finisher.finish(tenantSync.sync(tenants.single()));
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
		TenantContext tenant = tenants.single();
		RunSource source = (ids != null) ? ExportIds.scan(ids, Set.copyOf(sync.only()))
				: exportedFrom(tenantSync.scan(sync));
		RunMode mode = new RunMode(false, false, sync.only(), CompareMode.LEDGER,
				new RunMode.ExportTarget(exportFile, ids != null, template), null);
		try (RunLock.Held lock = runLock.acquire(tenant.tenant().lockName(false, source.sha256()))) {
			preflight.check(tenant);
			return finisher.finish(exportLauncher.launch(source, tenant.tenant(), mode));
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

}
