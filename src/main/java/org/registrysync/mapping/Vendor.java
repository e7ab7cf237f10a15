package org.registrysync.mapping;

import java.util.List;

/**
 * Registry vendors (API schema {@code Vendor}), with the
 * {@code vendor_specific_configuration} keys each takes.
 */
public enum Vendor {

	DOCKER, JFROG, SONATYPE, DOCKER_HUB("repository"), HARBOR,
	GITLAB_CONTAINER_REGISTRY("group_ids", "project_ids", "api_domain_name"),
	OPENSHIFT("cluster_id", "cluster_name", "cluster_asset_id", "cluster_asset_type_id", "cluster_realm");

	private final List<String> vendorSpecificKeys;

	Vendor(String... vendorSpecificKeys) {
		this.vendorSpecificKeys = List.of(vendorSpecificKeys);
	}

	/**
	 * The keys of {@code vendor_specific_configuration} this vendor takes (schema
	 * {@code VendorSpecificConfig}).
	 */
	public List<String> vendorSpecificKeys() {
		return vendorSpecificKeys;
	}

}
