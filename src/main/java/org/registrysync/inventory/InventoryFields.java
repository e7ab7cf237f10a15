package org.registrysync.inventory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * The field names an inventory record may carry: the API body's own names plus
 * {@code connector_id} (SPEC §1), and the CSV columns that spell them.
 */
public final class InventoryFields {

	/** Top-level fields, in the order of the API schema. */
	public static final List<String> TOP_LEVEL = List.of("connector_id", "vendor", "name", "enabled", "url", "username",
			"password", "auth_token", "scanning_mode", "cloud_provider", "outpost_id", "region", "insecure_pull",
			"ca_certificate", "repository", "initial_scan_configuration", "allow_static_ips", "ip_identifier",
			"asset_scope_filters", "registry_type", "tenant_id", "broker_type", "broker_id", "filter_type",
			"vendor_specific_configuration");

	public static final String INITIAL_SCAN_CONFIGURATION = "initial_scan_configuration";

	public static final String VENDOR_SPECIFIC_CONFIGURATION = "vendor_specific_configuration";

	/** The CSV cell of this field holds the filter tree as JSON text. */
	public static final String ASSET_SCOPE_FILTERS = "asset_scope_filters";

	/** Fields of {@code initial_scan_configuration}. */
	public static final List<String> INITIAL_SCAN = List.of("mode", "numDays");

	/** Every key any vendor accepts in {@code vendor_specific_configuration}. */
	public static final List<String> VENDOR_SPECIFIC = List.of("group_ids", "project_ids", "api_domain_name",
			"repository", "cluster_id", "cluster_name", "cluster_asset_id", "cluster_asset_type_id", "cluster_realm");

	/**
	 * The nested objects whose keys merge one by one (defaults, merge mode), by their
	 * keys.
	 */
	public static final Map<String, List<String>> NESTED = Map.of(INITIAL_SCAN_CONFIGURATION, INITIAL_SCAN,
			VENDOR_SPECIFIC_CONFIGURATION, VENDOR_SPECIFIC);

	/** Every CSV column: scalar fields by name, nested objects by dotted names. */
	public static final List<String> CSV_COLUMNS = csvColumns();

	private static final LevenshteinDistance DISTANCE = LevenshteinDistance.getDefaultInstance();

	private InventoryFields() {
	}

	/**
	 * The known name closest to {@code name} by edit distance, ignoring case, to suggest
	 * in an error.
	 */
	public static Optional<String> closest(String name, Collection<String> known) {
		String wanted = name.toLowerCase(Locale.ROOT);
		String best = null;
		int bestDistance = Integer.MAX_VALUE;
		for (String candidate : known) {
			int distance = DISTANCE.apply(wanted, candidate.toLowerCase(Locale.ROOT));
			if (distance < bestDistance) {
				best = candidate;
				bestDistance = distance;
			}
		}
		return Optional.ofNullable(best);
	}

	private static List<String> csvColumns() {
		List<String> columns = new ArrayList<>();
		for (String field : TOP_LEVEL) {
			switch (field) {
				case INITIAL_SCAN_CONFIGURATION -> INITIAL_SCAN.forEach(f -> columns.add(field + "." + f));
				case VENDOR_SPECIFIC_CONFIGURATION -> VENDOR_SPECIFIC.forEach(f -> columns.add(field + "." + f));
				default -> columns.add(field);
			}
		}
		return List.copyOf(columns);
	}

}
