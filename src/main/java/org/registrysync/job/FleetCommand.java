package org.registrysync.job;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import org.jspecify.annotations.Nullable;
import org.registrysync.client.CortexProperties;
import org.registrysync.client.Sha256;
import org.registrysync.fleet.FleetFile;
import org.registrysync.mapping.SecretResolutionException;
import org.registrysync.mapping.SecretResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * A fleet run ({@code sync.fleet}, SPEC §7): reads and checks the fleet file, takes this
 * process's shard of it ({@code sync.fleet-shard}), resolves each tenant's API key, and
 * runs the fleet job, whose partitioned step syncs {@code sync.fleet-parallelism} tenants
 * at once, each as a run of its own ({@link TenantStep}). The fleet run is keyed like a
 * single-tenant run, over the fleet file, the shard, every tenant's inventory and the
 * mode: the same command after a failed fleet run resumes it, and so syncs only the
 * tenants that did not complete; once it completed, or once an inventory changed, the
 * next command starts a new fleet run. {@link FleetFinisher} tells how it went.
 */
public class FleetCommand {

	private static final Logger log = LoggerFactory.getLogger(FleetCommand.class);

	private final SyncProperties sync;

	private final CortexProperties cortex;

	private final Tenants tenants;

	private final FleetMembers members;

	private final SecretResolver secrets;

	private final RunLock runLock;

	private final RunLauncher launcher;

	private final FleetFinisher finisher;

	private final DataSource dataSource;

	private final Environment environment;

	public FleetCommand(SyncProperties sync, CortexProperties cortex, Tenants tenants, FleetMembers members,
			SecretResolver secrets, RunLock runLock, RunLauncher launcher, FleetFinisher finisher,
			DataSource dataSource, Environment environment) {
		this.sync = sync;
		this.cortex = cortex;
		this.tenants = tenants;
		this.members = members;
		this.secrets = secrets;
		this.runLock = runLock;
		this.launcher = launcher;
		this.finisher = finisher;
		this.dataSource = dataSource;
		this.environment = environment;
	}

	/**
	 * Syncs the fleet's tenants of this shard and returns the worst of their exit codes.
	 * @throws ConfigurationException when the fleet file cannot be used (exit 2, nothing
	 * sent)
	 */
	public int run(Path fleetFile) {
		List<FleetFile.Tenant> all;
		try {
			all = FleetFile.load(fleetFile);
		}
		catch (IllegalArgumentException e) {
			throw new ConfigurationException(e.getMessage() + "; nothing was sent");
		}
		Shard shard = Shard.parse(sync.fleetShard());
		List<FleetFile.Tenant> mine = FleetFile.shard(all, shard.index(), shard.count());
		for (FleetFile.Tenant tenant : mine) {
			if (inventoryOf(tenant) == null) {
				throw new ConfigurationException(fleetFile + ": tenants[" + tenant.position() + "] (" + tenant.name()
						+ "): inventory: required, since sync.inventory is not set; nothing was sent");
			}
		}
		RunMode mode = new RunMode(sync.dryRun(), sync.full(), List.of(), sync.comparison(), null,
				TenantSync.defaults(sync), sync.merge());
		if (mine.isEmpty()) {
			log.warn("Fleet {}: shard {} holds none of its {} tenants; nothing to do", fleetFile, shard, all.size());
			return SyncCommand.EXIT_OK;
		}
		List<FleetMembers.Member> setUp = new ArrayList<>();
		for (FleetFile.Tenant tenant : mine) {
			setUp.add(member(tenant));
		}
		members.set(setUp);
		growPool(mine.size());
		RunSource source = new RunSource(fleetFile.toAbsolutePath(), fleetFile.toString(), fleetSha256(fleetFile, mine),
				mine.size());
		Tenant fleet = new Tenant("fleet " + shard);
		// One process per fleet run: a resumed fleet run recovers what a process that
		// ended left running, which only the holder of this lock may do.
		RunLock.Held lock;
		try {
			lock = runLock.acquire(fleet + " " + source.sha256());
		}
		catch (RunLock.RunInProgressException e) {
			throw new RunLock.RunInProgressException("another registry-sync process is running shard " + shard + " of "
					+ fleetFile + " against this job repository; it was left alone and nothing was sent "
					+ "(run again once it has finished)");
		}
		try (lock) {
			log.info("Fleet {}: shard {}, {} of {} tenants, {} at once", fleetFile, shard, mine.size(), all.size(),
					Math.min(sync.fleetParallelism(), mine.size()));
			JobExecution execution = launcher.launch(source, fleet, mode);
			return finisher.finish(execution, fleetFile, shard.toString(), members.all());
		}
	}

	/**
	 * A tenant with its settings in place of the properties', and its key resolved; one
	 * whose key cannot be read fails alone.
	 */
	private FleetMembers.Member member(FleetFile.Tenant tenant) {
		SyncProperties tenantSync = sync.forTenant(inventoryOf(tenant),
				tenant.rateLimit() != null ? tenant.rateLimit() : sync.rateLimit(),
				tenant.maxConcurrency() != null ? tenant.maxConcurrency() : sync.maxConcurrency());
		String key;
		try {
			key = secrets.resolve(tenant.apiKey());
		}
		catch (SecretResolutionException e) {
			return new FleetMembers.Member(tenant, null, "api-key: " + e.getMessage());
		}
		if (key.isBlank() || SyncConfigurationValidator.unsafeCredential(key)) {
			return new FleetMembers.Member(tenant, null, "api-key: the key " + tenant.apiKey() + " gives is empty or "
					+ "holds a space, line break or control character");
		}
		CortexProperties tenantCortex = cortex.forTenant(tenant.baseUrl(), tenant.apiKeyId(), key, tenant.authMode());
		return new FleetMembers.Member(tenant, tenants.add(tenant.name(), tenantCortex, tenantSync), null);
	}

	/**
	 * The fleet run's key content: the fleet file, and the path and content hash of each
	 * of the shard's tenants' inventories (its own or {@code sync.inventory}), so that an
	 * inventory changed since a failed fleet run starts a new one rather than leave that
	 * tenant out. An inventory that cannot be read counts as such; its tenant's own run
	 * tells why.
	 */
	private String fleetSha256(Path fleetFile, List<FleetFile.Tenant> tenants) {
		StringBuilder content = new StringBuilder(sha256(fleetFile));
		for (FleetFile.Tenant tenant : tenants) {
			// Never null: run() requires an inventory of every tenant or sync.inventory.
			Path inventory = Objects.requireNonNull(inventoryOf(tenant));
			content.append('\n')
				.append(tenant.name())
				.append(' ')
				.append(inventory.toAbsolutePath())
				.append(' ')
				.append(sha256(inventory));
		}
		return Sha256.hex(content.toString());
	}

	private static String sha256(Path file) {
		try {
			return Sha256.ofFile(file);
		}
		catch (IOException e) {
			return "unreadable";
		}
	}

	/** The tenant's inventory: its own, else {@code sync.inventory}. */
	private @Nullable Path inventoryOf(FleetFile.Tenant tenant) {
		return tenant.inventory() != null ? tenant.inventory() : sync.inventory();
	}

	/**
	 * Gives the pool of the job repository's connections what the tenants synced at once
	 * need: each holds one for its lock and takes one more for a moment (a chunk's
	 * commit, a ledger lookup, its run's bookkeeping), and the fleet job a few; unless
	 * {@code spring.datasource.hikari.maximum-pool-size} is set.
	 */
	private void growPool(int tenantCount) {
		if (environment.containsProperty("spring.datasource.hikari.maximum-pool-size")) {
			return;
		}
		DataSource target = dataSource;
		while (target instanceof DelegatingDataSource delegating && delegating.getTargetDataSource() != null) {
			target = delegating.getTargetDataSource();
		}
		if (target instanceof HikariDataSource hikari) {
			int needed = 2 * Math.min(sync.fleetParallelism(), tenantCount) + 4;
			if (hikari.getMaximumPoolSize() < needed) {
				// A pool already started takes the new size too (HikariConfigMXBean).
				hikari.setMaximumPoolSize(needed);
			}
		}
	}

	/** {@code sync.fleet-shard}: INDEX/COUNT, {@code 0/1} when not set. */
	record Shard(int index, int count) {

		static Shard parse(@Nullable String text) {
			if (text == null || text.isBlank()) {
				return new Shard(0, 1);
			}
			String[] parts = text.strip().split("/", -1);
			try {
				if (parts.length == 2) {
					int index = Integer.parseInt(parts[0].strip());
					int count = Integer.parseInt(parts[1].strip());
					if (count >= 1 && count <= 10_000 && index >= 0 && index < count) {
						return new Shard(index, count);
					}
				}
			}
			catch (NumberFormatException e) {
				// told below
			}
			throw new ConfigurationException("sync.fleet-shard must be INDEX/COUNT with 0 <= INDEX < COUNT, e.g. "
					+ "0/4 (a Kubernetes Indexed Job passes $(JOB_COMPLETION_INDEX)), not '" + text + "'");
		}

		@Override
		public String toString() {
			return index + "/" + count;
		}

	}

}
