package org.registrysync.job;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.registrysync.fleet.FleetFile;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * The tenants of the fleet run in progress, as {@link FleetCommand} set them up: each
 * with its context, or with the reason it cannot be synced (a key that cannot be read).
 * As the fleet step's {@link Partitioner} it makes one partition per tenant, named after
 * it, so that the step executions of a fleet run are {@code tenant:NAME} and a resumed
 * fleet run finds those that did not complete. Thread-safe.
 */
public class FleetMembers implements Partitioner {

	/** The key of the tenant's name in its partition's execution context. */
	static final String NAME = "tenant.name";

	/**
	 * One tenant of the fleet run.
	 *
	 * @param tenant the tenant as the fleet file gives it
	 * @param context its settings, client and meters; {@code null} when it cannot be
	 * synced
	 * @param problem why it cannot be synced; {@code null} when it can
	 */
	public record Member(FleetFile.Tenant tenant, @Nullable TenantContext context, @Nullable String problem) {
	}

	private volatile Map<String, Member> members = Map.of();

	/** Sets the tenants of the run about to start, in the fleet file's order. */
	void set(List<Member> tenants) {
		Map<String, Member> byName = new LinkedHashMap<>();
		tenants.forEach(member -> byName.put(member.tenant().name(), member));
		members = byName;
	}

	/** The tenant of this name. */
	Member get(String name) {
		Member member = members.get(name);
		if (member == null) {
			throw new IllegalStateException("tenant " + name + " is not in the fleet run in progress");
		}
		return member;
	}

	/** The tenants in the fleet file's order. */
	List<Member> all() {
		return List.copyOf(members.values());
	}

	@Override
	public Map<String, ExecutionContext> partition(int gridSize) {
		Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
		for (String name : members.keySet()) {
			ExecutionContext context = new ExecutionContext();
			context.putString(NAME, name);
			partitions.put(name, context);
		}
		return partitions;
	}

}
