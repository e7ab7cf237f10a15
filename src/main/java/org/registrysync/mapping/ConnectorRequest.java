package org.registrysync.mapping;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The body of {@code PUT /public_api/v1/cwp/registry_onboarding/instances/{connectorID}}
 * (API schema {@code UnmanagedRegistryConnectorPublicAPIObject}), with the API's own
 * field names. Absent optional fields are {@code null} and left out of the JSON. String
 * values may still be secret references ({@code ${env:NAME}}, {@code ${file:PATH}}),
 * resolved only when the body is written for sending.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConnectorRequest(@JsonProperty("connector_id") String connectorId, @JsonProperty("vendor") Vendor vendor,
		@JsonProperty("name") String name, @JsonProperty("enabled") @Nullable Boolean enabled,
		@JsonProperty("url") String url, @JsonProperty("username") String username,
		@JsonProperty("password") String password, @JsonProperty("auth_token") String authToken,
		@JsonProperty("scanning_mode") ScanningMode scanningMode,
		@JsonProperty("cloud_provider") @Nullable CloudProvider cloudProvider,
		@JsonProperty("outpost_id") @Nullable String outpostId, @JsonProperty("region") String region,
		@JsonProperty("insecure_pull") boolean insecurePull,
		@JsonProperty("ca_certificate") @Nullable String caCertificate,
		@JsonProperty("repository") @Nullable String repository,
		@JsonProperty("initial_scan_configuration") InitialScanConfiguration initialScanConfiguration,
		@JsonProperty("allow_static_ips") @Nullable Boolean allowStaticIps,
		@JsonProperty("ip_identifier") @Nullable String ipIdentifier,
		@JsonProperty("asset_scope_filters") @Nullable AssetScopeFilter assetScopeFilters,
		@JsonProperty("registry_type") @Nullable RegistryType registryType,
		@JsonProperty("tenant_id") @Nullable String tenantId,
		@JsonProperty("broker_type") @Nullable BrokerType brokerType,
		@JsonProperty("broker_id") @Nullable String brokerId,
		@JsonProperty("filter_type") @Nullable FilterType filterType,
		@JsonProperty("vendor_specific_configuration") @Nullable Map<String, String> vendorSpecificConfiguration) {

	public ConnectorRequest {
		if (!ConnectorIds.problem(connectorId).isEmpty()) {
			throw new IllegalArgumentException("unsafe connector_id");
		}
		if (vendorSpecificConfiguration != null) {
			if (vendorSpecificConfiguration.isEmpty()) {
				throw new IllegalArgumentException("an empty vendor_specific_configuration is left out, not sent");
			}
			if (!vendor.vendorSpecificKeys().containsAll(vendorSpecificConfiguration.keySet())) {
				throw new IllegalArgumentException("vendor_specific_configuration keys do not fit " + vendor);
			}
			vendorSpecificConfiguration = java.util.Collections
				.unmodifiableMap(new java.util.LinkedHashMap<>(vendorSpecificConfiguration));
		}
	}

	/**
	 * Names the connector only: {@code password} and {@code auth_token} may be written in
	 * clear, and any other string may hold a secret too.
	 */
	@Override
	public String toString() {
		return "ConnectorRequest[connector_id=" + connectorId + ", vendor=" + vendor + ", scanning_mode=" + scanningMode
				+ ", values hidden]";
	}

}
