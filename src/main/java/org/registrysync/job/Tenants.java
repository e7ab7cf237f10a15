package org.registrysync.job;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.registrysync.client.CortexProperties;

/**
 * The tenants this process syncs, by the id their runs carry ({@link Tenant#id()}): the
 * one of the {@code cortex.*} properties, or each tenant of a fleet. The beans of a run's
 * step take their client, rate limit, ledger key and meters from the run's tenant here,
 * so that tenants synced at once never share them. Thread-safe.
 */
public class Tenants implements AutoCloseable {

	private final CortexProperties cortex;

	private final SyncProperties sync;

	private final SyncMetrics metrics;

	private final Clock clock;

	private final StopSignal stopSignal;

	private final Map<String, TenantContext> fleet = new ConcurrentHashMap<>();

	private @Nullable TenantContext single;

	public Tenants(CortexProperties cortex, SyncProperties sync, SyncMetrics metrics, Clock clock,
			StopSignal stopSignal) {
		this.cortex = cortex;
		this.sync = sync;
		this.metrics = metrics;
		this.clock = clock;
		this.stopSignal = stopSignal;
	}

	/** The tenant of the {@code cortex.*} and {@code sync.*} properties. */
	public synchronized TenantContext single() {
		if (single == null) {
			single = new TenantContext(null, cortex, sync, metrics, clock, stopSignal);
		}
		return single;
	}

	/** Adds a tenant of a fleet, whose settings replace the properties' own. */
	public TenantContext add(String name, CortexProperties tenantCortex, SyncProperties tenantSync) {
		TenantContext tenant = new TenantContext(name, tenantCortex, tenantSync, metrics.forTenant(name), clock,
				stopSignal);
		if (fleet.putIfAbsent(tenant.tenant().id(), tenant) != null) {
			throw new IllegalStateException("tenant " + tenant.tenant() + " added twice");
		}
		return tenant;
	}

	/**
	 * The tenant of a run, by the id its job parameters carry: the one of the properties,
	 * unless this process syncs a fleet, whose runs are all of its tenants.
	 * @throws IllegalStateException for a run of no tenant of the fleet
	 */
	public TenantContext forRun(String tenantId) {
		if (fleet.isEmpty()) {
			return single();
		}
		TenantContext tenant = fleet.get(tenantId);
		if (tenant == null) {
			throw new IllegalStateException("a run of " + tenantId + ", which is no tenant of the fleet");
		}
		return tenant;
	}

	@Override
	public synchronized void close() {
		fleet.values().forEach(TenantContext::close);
		if (single != null) {
			single.close();
		}
	}

}
