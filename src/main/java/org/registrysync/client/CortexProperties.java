package org.registrysync.client;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code cortex.*} properties (SPEC §2): where the tenant is and how to authenticate.
 * {@link #toString()} never shows the API key.
 *
 * @param baseUrl {@code https://api-{fqdn}}; required unless dry run
 * @param apiKeyId the key's id, sent as {@code x-xdr-auth-id}; required unless dry run
 * @param apiKey the key; required unless dry run
 * @param authMode standard or advanced keys
 * @param authHeaders the headers that carry the key (or its signature)
 * @param caCertificate a PEM file of extra CAs to trust
 * @param preflight check the key before the first update
 * @param connectTimeout TCP and TLS connect timeout
 * @param readTimeout time to wait for a response
 */
@ConfigurationProperties(prefix = "cortex", ignoreUnknownFields = false)
public record CortexProperties(@Nullable URI baseUrl, @Nullable String apiKeyId, @Nullable String apiKey,
		@DefaultValue("standard") AuthMode authMode, @DefaultValue( {
				"Authorization", "Authentication" }) List<String> authHeaders,
		@Nullable Path caCertificate, @DefaultValue("true") boolean preflight,
		@DefaultValue("10s") Duration connectTimeout, @DefaultValue("60s") Duration readTimeout){

	/**
	 * These settings for one tenant of a fleet: its URL, key and auth mode.
	 * @param tenantAuthMode its auth mode; {@code null} for this {@code cortex.auth-mode}
	 */
	public CortexProperties forTenant(URI baseUrl, String apiKeyId, String apiKey, @Nullable AuthMode tenantAuthMode) {
		return new CortexProperties(baseUrl, apiKeyId, apiKey, tenantAuthMode != null ? tenantAuthMode : authMode,
				authHeaders, caCertificate, preflight, connectTimeout, readTimeout);
	}

	@Override
	public String toString() {
		return "CortexProperties[baseUrl=" + baseUrl + ", apiKeyId=" + apiKeyId + ", apiKey="
				+ (apiKey == null ? "null" : "(hidden)") + ", authMode=" + authMode + ", authHeaders=" + authHeaders
				+ ", caCertificate=" + caCertificate + ", preflight=" + preflight + ", connectTimeout=" + connectTimeout
				+ ", readTimeout=" + readTimeout + "]";
	}

}
