package org.registrysync.job;

import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.registrysync.inventory.InventoryFile;
import org.registrysync.inventory.InventoryScan;
import org.registrysync.mapping.InventoryDefaults;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;

/**
 * Syncs one tenant, as a single-tenant command does and as each tenant of a fleet is:
 * scans its inventory, takes its run lock, checks its key and runs (or resumes) its run
 * to the end ({@link RunLauncher}). The lock is let go when the run ends.
 */
public class TenantSync {

	private static final Logger log = LoggerFactory.getLogger(TenantSync.class);

	private final InventoryScans scans;

	private final RunLock runLock;

	private final CortexPreflight preflight;

	private final RunLauncher launcher;

	public TenantSync(InventoryScans scans, RunLock runLock, CortexPreflight preflight, RunLauncher launcher) {
		this.scans = scans;
		this.runLock = runLock;
		this.preflight = preflight;
		this.launcher = launcher;
	}

	/**
	 * Syncs the tenant and returns the run's last execution.
	 * @throws ConfigurationException for a setting or defaults file that cannot be used
	 * @throws org.registrysync.inventory.InventoryException for an unreadable inventory
	 * @throws org.registrysync.client.CortexFatalException when the key check fails
	 * @throws RunLock.RunInProgressException when another process syncs the tenant
	 * @throws RunLauncher.CannotStartException when Spring Batch refuses the run
	 */
	public JobExecution sync(TenantContext tenant) {
		SyncProperties sync = tenant.sync();
		InventoryScan scan = scan(sync);
		RunMode mode = new RunMode(sync.dryRun(), sync.full(), sync.only(), sync.comparison(), null, defaults(sync),
				sync.merge());
		// A live dry run reads every connector: it takes the tenant's lock and its rate
		// limit like a sync.
		try (RunLock.Held lock = runLock.acquire(tenant.tenant().lockName(!mode.usesTenant(), scan.sha256()))) {
			if (mode.usesTenant()) {
				preflight.check(tenant);
			}
			return launcher.launch(RunSource.of(scan), tenant.tenant(), mode);
		}
	}

	/** The defaults file, checked through before anything is read or sent. */
	static RunMode.@Nullable Defaults defaults(SyncProperties sync) {
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
	 * Reads the whole inventory once: proves it readable, counts and hashes it, and finds
	 * the ids of {@code sync.only}.
	 */
	InventoryScan scan(SyncProperties sync) {
		// Never null: SyncConfigurationValidator and FleetCommand require it.
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
