package org.registrysync.job;

import java.net.URI;

import org.jspecify.annotations.Nullable;

/**
 * The tenant a run syncs, as it identifies runs, keys the ledger and names the run lock:
 * the base URL without a trailing slash, or {@code -} for a dry run without one.
 *
 * @param id the normalised base URL, or {@link #NONE}
 */
public record Tenant(String id) {

	/** The tenant of a dry run without {@code cortex.base-url}. */
	public static final String NONE = "-";

	public Tenant {
		if (id.isEmpty() || id.endsWith("/")) {
			throw new IllegalArgumentException("not a normalised tenant: " + id);
		}
	}

	/** The tenant of {@code cortex.base-url}, {@code -} without one. */
	public static Tenant of(@Nullable URI baseUrl) {
		if (baseUrl == null) {
			return new Tenant(NONE);
		}
		String url = baseUrl.toString();
		while (url.endsWith("/")) {
			url = url.substring(0, url.length() - 1);
		}
		return new Tenant(url);
	}

	/**
	 * The name of the run lock: one sync per tenant at a time, since two would share, and
	 * so exceed, the tenant's rate limit; a dry run sends nothing and only keeps the same
	 * dry run from running twice.
	 */
	String lockName(boolean dryRun, String inventorySha256) {
		return dryRun ? "dry-run " + id + " " + inventorySha256 : "tenant " + id;
	}

	@Override
	public String toString() {
		return id;
	}

}
