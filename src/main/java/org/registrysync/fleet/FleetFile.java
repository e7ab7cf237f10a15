package org.registrysync.fleet;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.registrysync.client.AuthMode;
import org.registrysync.inventory.InventoryFields;
import org.registrysync.mapping.SecretReference;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The tenants of a fleet file ({@code sync.fleet}, SPEC §7), read and checked as a whole
 * before anything is sent: a file that does not parse, a tenant missing a field or
 * holding an unknown one, two tenants with the same name or base URL, or an API key
 * written in clear rather than as a {@code ${env:…}} or {@code ${file:…}} reference is
 * refused, naming the file, the tenant and the field. The keys are references here and
 * are resolved only when a tenant's client is made; no value of one is in any message.
 * <p>
 * Not yet wired to the command: the fleet run itself (one partition per tenant) builds on
 * it.
 */
public final class FleetFile {

	private static final List<String> FIELDS = List.of("name", "base-url", "api-key-id", "api-key", "auth-mode",
			"inventory", "rate-limit", "max-concurrency");

	private static final List<String> REQUIRED = List.of("name", "base-url", "api-key-id", "api-key");

	private FleetFile() {
	}

	/**
	 * One tenant of the fleet.
	 *
	 * @param position its 0-based position in the file, which sharding counts
	 * @param name its name, unique in the fleet: letters, digits, '.', '_' and '-'
	 * @param baseUrl {@code https://api-{fqdn}}, unique in the fleet
	 * @param apiKeyId the API key's id
	 * @param apiKey the API key, a reference
	 * @param authMode standard or advanced
	 * @param inventory its inventory; {@code null} for {@code sync.inventory}
	 * @param rateLimit its requests per second; {@code null} for {@code sync.rate-limit}
	 * @param maxConcurrency its requests in flight; {@code null} for
	 * {@code sync.max-concurrency}
	 */
	public record Tenant(int position, String name, URI baseUrl, String apiKeyId, SecretReference apiKey,
			AuthMode authMode, @Nullable Path inventory, @Nullable Integer rateLimit,
			@Nullable Integer maxConcurrency) {

		/**
		 * Names the tenant and its settings; the key only by the kind of its reference.
		 */
		@Override
		public String toString() {
			return "Tenant[" + position + ", name=" + name + ", baseUrl=" + baseUrl + ", apiKeyId=" + apiKeyId
					+ ", apiKey=(a " + apiKey.kind().name().toLowerCase(Locale.ROOT) + " reference), authMode="
					+ authMode + ", inventory=" + inventory + ", rateLimit=" + rateLimit + ", maxConcurrency="
					+ maxConcurrency + "]";
		}

	}

	/**
	 * Reads and checks a fleet file; a relative inventory path is taken from the file's
	 * folder.
	 * @throws IllegalArgumentException naming the file, and the tenant and field where
	 * there is one
	 */
	public static List<Tenant> load(Path file) {
		Object document;
		try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			document = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
		}
		catch (MarkedYAMLException e) {
			throw new IllegalArgumentException(
					file + ":" + (e.getProblemMark().getLine() + 1) + ": not a YAML fleet file: " + e.getProblem());
		}
		catch (YAMLException | IOException e) {
			throw new IllegalArgumentException(file + ": cannot read the fleet file (sync.fleet): " + e.getMessage());
		}
		if (!(document instanceof Map<?, ?> root) || !(root.get("tenants") instanceof List<?> entries)
				|| entries.isEmpty()) {
			throw new IllegalArgumentException(file + ": a fleet file holds a non-empty list 'tenants', e.g. "
					+ "tenants: [{name: acme-prod, base-url: https://api-acme.example, api-key-id: 42, "
					+ "api-key: ${file:/run/secrets/acme-prod/api-key}}]");
		}
		for (Object key : root.keySet()) {
			if (!"tenants".equals(key)) {
				throw new IllegalArgumentException(file + ": " + key + ": unknown field; a fleet file holds 'tenants'");
			}
		}
		List<Tenant> tenants = new ArrayList<>();
		Map<String, String> names = new HashMap<>();
		Map<String, String> urls = new HashMap<>();
		for (int i = 0; i < entries.size(); i++) {
			String where = file + ": tenants[" + i + "]";
			if (!(entries.get(i) instanceof Map<?, ?> entry)) {
				throw new IllegalArgumentException(where + ": must be a map of name, base-url, api-key-id, api-key…");
			}
			Tenant tenant = tenant(i, entry, where, file);
			String sameName = names.putIfAbsent(tenant.name(), where);
			if (sameName != null) {
				throw new IllegalArgumentException(where + " (" + tenant.name() + "): name: already the name of "
						+ sameName.substring(file.toString().length() + 2) + "; each tenant has its own");
			}
			String url = tenant.baseUrl().toString().toLowerCase(Locale.ROOT).replaceAll("/+$", "");
			String sameUrl = urls.putIfAbsent(url, tenant.name());
			if (sameUrl != null) {
				throw new IllegalArgumentException(where + " (" + tenant.name() + "): base-url: already the base URL "
						+ "of tenant " + sameUrl + "; two entries for one tenant would sync it twice");
			}
			tenants.add(tenant);
		}
		return List.copyOf(tenants);
	}

	private static Tenant tenant(int position, Map<?, ?> entry, String where, Path file) {
		Object rawName = entry.get("name");
		String named = (rawName instanceof String s && !s.isBlank()) ? where + " (" + s + ")" : where;
		for (Object key : entry.keySet()) {
			if (!FIELDS.contains(String.valueOf(key))) {
				String hint = InventoryFields.closest(String.valueOf(key), FIELDS)
					.map(c -> "; did you mean " + c + "?")
					.orElse("");
				throw new IllegalArgumentException(named + ": " + key + ": unknown field" + hint);
			}
		}
		for (String field : REQUIRED) {
			Object value = entry.get(field);
			if (value == null || String.valueOf(value).isBlank()) {
				throw new IllegalArgumentException(named + ": " + field + ": required");
			}
		}
		String name = text(entry, "name", named);
		if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
			throw new IllegalArgumentException(
					named + ": name: 1 to 64 letters, digits, '.', '_' or '-' (it names the tenant in logs, "
							+ "metrics and the job repository)");
		}
		URI baseUrl = baseUrl(text(entry, "base-url", named), named);
		String apiKeyId = text(entry, "api-key-id", named);
		SecretReference apiKey;
		try {
			apiKey = SecretReference.parse(text(entry, "api-key", named))
				.orElseThrow(() -> new IllegalArgumentException("is written in clear; give a reference instead, "
						+ "${env:NAME} or ${file:/run/secrets/" + name + "/api-key}, so that no key is in the file"));
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException(named + ": api-key: " + e.getMessage());
		}
		AuthMode authMode = AuthMode.STANDARD;
		if (entry.get("auth-mode") != null) {
			String mode = text(entry, "auth-mode", named);
			try {
				authMode = AuthMode.valueOf(mode.toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException e) {
				throw new IllegalArgumentException(named + ": auth-mode: '" + mode + "' is not standard or advanced");
			}
		}
		Path inventory = null;
		if (entry.get("inventory") != null) {
			Path given = Path.of(text(entry, "inventory", named));
			Path folder = file.toAbsolutePath().getParent();
			inventory = given.isAbsolute() || folder == null ? given : folder.resolve(given);
		}
		return new Tenant(position, name, baseUrl, apiKeyId, apiKey, authMode, inventory,
				number(entry, "rate-limit", 1, 10_000, named), number(entry, "max-concurrency", 1, 256, named));
	}

	private static String text(Map<?, ?> entry, String field, String where) {
		Object value = entry.get(field);
		if (value instanceof String || value instanceof Number) {
			return String.valueOf(value).strip();
		}
		throw new IllegalArgumentException(where + ": " + field + ": must be text, not a "
				+ (value instanceof Map ? "map" : value instanceof List ? "list" : String.valueOf(value)));
	}

	private static @Nullable Integer number(Map<?, ?> entry, String field, int min, int max, String where) {
		Object value = entry.get(field);
		if (value == null) {
			return null;
		}
		if (!(value instanceof Integer number) || number < min || number > max) {
			throw new IllegalArgumentException(
					where + ": " + field + ": must be a whole number from " + min + " to " + max);
		}
		return number;
	}

	private static URI baseUrl(String text, String where) {
		URI url;
		try {
			url = new URI(text);
		}
		catch (URISyntaxException e) {
			throw new IllegalArgumentException(where + ": base-url: not a URL");
		}
		if (url.getRawUserInfo() != null || (url.getRawAuthority() != null && url.getRawAuthority().contains("@"))) {
			throw new IllegalArgumentException(
					where + ": base-url: must not carry credentials; use api-key-id " + "and api-key");
		}
		String scheme = url.getScheme();
		if (!("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme)) || url.getHost() == null
				|| (url.getRawPath() != null && !url.getRawPath().isEmpty() && !url.getRawPath().equals("/"))
				|| url.getRawQuery() != null || url.getRawFragment() != null) {
			throw new IllegalArgumentException(
					where + ": base-url: must be https://api-{fqdn}, without a path, " + "query or fragment");
		}
		return url;
	}

	/**
	 * The tenants of one shard ({@code sync.fleet-shard=INDEX/COUNT}): those whose
	 * position modulo {@code count} is {@code index}.
	 */
	public static List<Tenant> shard(List<Tenant> tenants, int index, int count) {
		if (count < 1 || index < 0 || index >= count) {
			throw new IllegalArgumentException(
					"a shard is INDEX/COUNT with 0 <= INDEX < COUNT, not " + index + "/" + count);
		}
		return tenants.stream().filter(tenant -> tenant.position() % count == index).toList();
	}

}
