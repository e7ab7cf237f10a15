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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.registrysync.client.AuthMode;
import org.registrysync.inventory.InventoryFields;
import org.registrysync.mapping.SecretReference;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The tenants of a fleet file ({@code sync.fleet}, SPEC §7), read and checked as a whole
 * before anything is sent: a file that does not parse, a tenant missing a field or
 * holding an unknown one, two tenants with the same name or base URL, or an API key
 * written in clear rather than as a {@code ${env:…}} or {@code ${file:…}} reference is
 * refused, naming the file, the tenant and the field. The keys are references here and
 * are resolved when the fleet run starts; no value of one is in any message. The fleet
 * run itself is {@code org.registrysync.job.FleetCommand}.
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
	 * @param authMode standard or advanced; {@code null} for {@code cortex.auth-mode}
	 * @param inventory its inventory; {@code null} for {@code sync.inventory}
	 * @param rateLimit its requests per second; {@code null} for {@code sync.rate-limit}
	 * @param maxConcurrency its requests in flight; {@code null} for
	 * {@code sync.max-concurrency}
	 */
	public record Tenant(int position, String name, URI baseUrl, String apiKeyId, SecretReference apiKey,
			@Nullable AuthMode authMode, @Nullable Path inventory, @Nullable Integer rateLimit,
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
	 * folder. The YAML is read as text, node by node, so that no value is retyped on the
	 * way ({@code api-key-id: 010} stays {@code 010}) and every problem names its line.
	 * @throws IllegalArgumentException naming the file and line, and the tenant and field
	 * where there is one
	 */
	public static List<Tenant> load(Path file) {
		Node document;
		try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			document = new Yaml(new SafeConstructor(new LoaderOptions())).compose(in);
		}
		catch (MarkedYAMLException e) {
			throw new IllegalArgumentException(
					file + ":" + (e.getProblemMark().getLine() + 1) + ": not a YAML fleet file: " + e.getProblem());
		}
		catch (YAMLException | IOException e) {
			throw new IllegalArgumentException(file + ": cannot read the fleet file (sync.fleet): " + e.getMessage());
		}
		String usage = "a fleet file holds a non-empty list 'tenants', each tenant with name, base-url, "
				+ "api-key-id and api-key";
		if (!(document instanceof MappingNode root)) {
			throw new IllegalArgumentException(file + ": " + usage);
		}
		Map<String, Node> top = fields(root, file + ":" + line(root) + ":");
		for (NodeTuple field : root.getValue()) {
			String key = value(field.getKeyNode());
			if (!"tenants".equals(key)) {
				throw new IllegalArgumentException(
						file + ":" + line(field.getKeyNode()) + ": " + key + ": unknown field; " + usage);
			}
		}
		if (!(top.get("tenants") instanceof SequenceNode entries) || entries.getValue().isEmpty()) {
			throw new IllegalArgumentException(file + ": " + usage);
		}
		List<Tenant> tenants = new ArrayList<>();
		Map<String, String> names = new HashMap<>();
		Map<String, String> urls = new HashMap<>();
		for (int i = 0; i < entries.getValue().size(); i++) {
			Node node = entries.getValue().get(i);
			String where = file + ":" + line(node) + ": tenants[" + i + "]";
			if (!(node instanceof MappingNode entry)) {
				throw new IllegalArgumentException(where + ": must be a map of name, base-url, api-key-id, api-key…");
			}
			Tenant tenant = tenant(i, fields(entry, where + ":"), where, file);
			String named = where + " (" + tenant.name() + ")";
			String sameName = names.putIfAbsent(tenant.name(), "tenants[" + i + "]");
			if (sameName != null) {
				throw new IllegalArgumentException(
						named + ": name: already the name of " + sameName + "; each tenant has its own");
			}
			String sameUrl = urls.putIfAbsent(origin(tenant.baseUrl()), tenant.name());
			if (sameUrl != null) {
				throw new IllegalArgumentException(named + ": base-url: already the base URL of tenant " + sameUrl
						+ "; two entries for one tenant would sync it twice");
			}
			tenants.add(tenant);
		}
		return List.copyOf(tenants);
	}

	/** A map's fields by key; a key given twice is refused. */
	private static Map<String, Node> fields(MappingNode map, String where) {
		Map<String, Node> fields = new LinkedHashMap<>();
		for (NodeTuple tuple : map.getValue()) {
			String key = tuple.getKeyNode() instanceof ScalarNode scalar ? scalar.getValue() : "?";
			if (fields.putIfAbsent(key, tuple.getValueNode()) != null) {
				throw new IllegalArgumentException(where.substring(0, where.length() - 1) + ": " + key
						+ ": given twice (line " + line(tuple.getKeyNode()) + ")");
			}
		}
		return fields;
	}

	private static int line(Node node) {
		return node.getStartMark().getLine() + 1;
	}

	/** The scheme, host and port that tell two tenants apart. */
	private static String origin(URI url) {
		String scheme = url.getScheme().toLowerCase(Locale.ROOT);
		int port = url.getPort() >= 0 ? url.getPort() : scheme.equals("https") ? 443 : 80;
		return scheme + "://" + url.getHost().toLowerCase(Locale.ROOT).replaceAll("\\.$", "") + ":" + port;
	}

	private static Tenant tenant(int position, Map<String, Node> entry, String where, Path file) {
		String rawName = value(entry.get("name"));
		String named = (rawName != null && !rawName.isBlank()) ? where + " (" + rawName + ")" : where;
		for (String key : entry.keySet()) {
			if (!FIELDS.contains(key)) {
				String hint = InventoryFields.closest(key, FIELDS).map(c -> "; did you mean " + c + "?").orElse("");
				throw new IllegalArgumentException(named + ": " + key + ": unknown field" + hint);
			}
		}
		for (String field : REQUIRED) {
			String value = text(entry, field, named);
			if (value == null || value.isBlank()) {
				throw new IllegalArgumentException(named + ": " + field + ": required");
			}
		}
		String name = Objects.requireNonNull(text(entry, "name", named));
		if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
			throw new IllegalArgumentException(
					named + ": name: 1 to 64 letters, digits, '.', '_' or '-' (it names the tenant in logs, "
							+ "metrics and the job repository)");
		}
		URI baseUrl = baseUrl(Objects.requireNonNull(text(entry, "base-url", named)), named);
		String apiKeyId = Objects.requireNonNull(text(entry, "api-key-id", named));
		SecretReference apiKey;
		try {
			apiKey = SecretReference.parse(Objects.requireNonNull(text(entry, "api-key", named)))
				.orElseThrow(() -> new IllegalArgumentException("is written in clear; give a reference instead, "
						+ "${env:NAME} or ${file:/run/secrets/" + name + "/api-key}, so that no key is in the file"));
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException(named + ": api-key: " + e.getMessage());
		}
		AuthMode authMode = null;
		String mode = text(entry, "auth-mode", named);
		if (mode != null) {
			try {
				authMode = AuthMode.valueOf(mode.toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException e) {
				throw new IllegalArgumentException(named + ": auth-mode: '" + mode + "' is not standard or advanced");
			}
		}
		Path inventory = null;
		String inventoryText = text(entry, "inventory", named);
		if (inventoryText != null) {
			Path given = Path.of(inventoryText);
			Path folder = file.toAbsolutePath().getParent();
			inventory = given.isAbsolute() || folder == null ? given : folder.resolve(given);
		}
		return new Tenant(position, name, baseUrl, apiKeyId, apiKey, authMode, inventory,
				number(entry, "rate-limit", 1, 10_000, named), number(entry, "max-concurrency", 1, 256, named));
	}

	/** A scalar's text as written; {@code null} for an absent or null value. */
	private static @Nullable String value(@Nullable Node node) {
		if (!(node instanceof ScalarNode scalar)) {
			return null;
		}
		String text = scalar.getValue();
		boolean plain = scalar.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN;
		return (plain && (text.isEmpty() || text.equals("~") || text.equals("null"))) ? null : text.strip();
	}

	private static @Nullable String text(Map<String, Node> entry, String field, String where) {
		Node node = entry.get(field);
		if (node == null || node instanceof ScalarNode) {
			return value(node);
		}
		throw new IllegalArgumentException(
				where + ": " + field + ": must be text, not a " + (node instanceof MappingNode ? "map" : "list"));
	}

	private static @Nullable Integer number(Map<String, Node> entry, String field, int min, int max, String where) {
		String text = text(entry, field, where);
		if (text == null) {
			return null;
		}
		if (!text.matches("[0-9]{1,6}") || Integer.parseInt(text) < min || Integer.parseInt(text) > max) {
			throw new IllegalArgumentException(
					where + ": " + field + ": must be a whole number from " + min + " to " + max);
		}
		return Integer.parseInt(text);
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
		String host = url.getHost();
		if ("http".equalsIgnoreCase(scheme) && !(host.equals("localhost") || host.startsWith("127.")
				|| host.equals("[::1]") || host.equals("::1"))) {
			throw new IllegalArgumentException(where + ": base-url: must use https: the API key would cross the "
					+ "network in clear (http is accepted on the loopback address only)");
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
