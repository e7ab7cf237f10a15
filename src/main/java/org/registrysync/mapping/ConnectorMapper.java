package org.registrysync.mapping;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.registrysync.inventory.DuplicateIds;
import org.registrysync.inventory.InventoryFields;
import org.registrysync.inventory.InventoryJson;
import org.registrysync.inventory.InventoryRecord;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Validates an inventory record against the API schema and SPEC §1 and maps it to the
 * request body. A record that the schema accepts is refused only for the bounds listed in
 * the README ("Bounds beyond the API's schema"); {@code RequestSchemaTests} holds both
 * sides of every rule against the vendor's export. Every problem of a record is reported
 * at once. Messages quote only values that cannot be secrets (enums, booleans, numbers,
 * ids). Thread-safe.
 */
public final class ConnectorMapper {

	/** The longest string value accepted in any field. */
	public static final int MAX_STRING_LENGTH = 256 * 1024;

	private static final List<String> FILTER_KEYS = List.of("AND", "OR", "SEARCH_FIELD", "SEARCH_TYPE", "SEARCH_VALUE");

	private final SecretResolver secrets;

	public ConnectorMapper(SecretResolver secrets) {
		this.secrets = secrets;
	}

	/**
	 * Validates and maps one record; duplicate ids found by the inventory scan make it
	 * invalid too.
	 */
	public MappingResult map(InventoryRecord record, DuplicateIds duplicates) {
		Check check = new Check(record.textual());
		if (record.problem() != null) {
			check.error("record", record.problem());
			return check.rejected();
		}
		ObjectNode fields = record.fields();
		check.unknownFields(fields, "", InventoryFields.TOP_LEVEL);

		String connectorId = connectorId(check, record, duplicates);
		Vendor vendor = check.enumeration(fields, "", "vendor", Vendor.class, true);
		String name = check.string(fields, "", "name", true);
		Boolean enabled = check.bool(fields, "", "enabled", false);
		String url = check.string(fields, "", "url", true);
		String username = check.string(fields, "", "username", true);
		String password = check.string(fields, "", "password", true);
		String authToken = check.string(fields, "", "auth_token", true);
		ScanningMode scanningMode = check.enumeration(fields, "", "scanning_mode", ScanningMode.class, true);
		CloudProvider cloudProvider = check.enumeration(fields, "", "cloud_provider", CloudProvider.class, false);
		String outpostId = check.string(fields, "", "outpost_id", false);
		String region = check.string(fields, "", "region", true);
		Boolean insecurePull = check.bool(fields, "", "insecure_pull", true);
		String caCertificate = check.string(fields, "", "ca_certificate", false);
		String repository = check.string(fields, "", "repository", false);
		InitialScanConfiguration initialScan = initialScan(check, fields);
		Boolean allowStaticIps = check.bool(fields, "", "allow_static_ips", false);
		String ipIdentifier = check.string(fields, "", "ip_identifier", false);
		AssetScopeFilter filters = assetScopeFilters(check, fields);
		RegistryType registryType = check.enumeration(fields, "", "registry_type", RegistryType.class, false);
		String tenantId = check.string(fields, "", "tenant_id", false);
		BrokerType brokerType = check.enumeration(fields, "", "broker_type", BrokerType.class, false);
		String brokerId = check.string(fields, "", "broker_id", false);
		FilterType filterType = check.enumeration(fields, "", "filter_type", FilterType.class, false);
		Map<String, String> vendorSpecific = vendorSpecific(check, fields, vendor);

		if (!check.errors.isEmpty()) {
			return check.rejected();
		}
		boolean literalSecrets = (password != null && !isReference(password))
				|| (authToken != null && !isReference(authToken));
		// All required values are present when there are no errors.
		ConnectorRequest request = new ConnectorRequest(nonNull(connectorId), nonNull(vendor), nonNull(name), enabled,
				nonNull(url), nonNull(username), nonNull(password), nonNull(authToken), nonNull(scanningMode),
				cloudProvider, outpostId, nonNull(region), nonNull(insecurePull), caCertificate, repository,
				nonNull(initialScan), allowStaticIps, ipIdentifier, filters, registryType, tenantId, brokerType,
				brokerId, filterType, vendorSpecific);
		return new MappingResult.Mapped(request, literalSecrets);
	}

	/**
	 * Checks a merge's partial record ({@code sync.merge}) before its connector is read:
	 * what the live definition cannot make right. Its fields are known ones, its
	 * {@code connector_id} is valid, and it gives both secrets, which a read never gives
	 * back, unless the defaults do. The merged record is then checked in full by
	 * {@link #map}.
	 * @param fromDefaults the fields the defaults give
	 * @return the problems; empty when the record can be merged
	 */
	public Optional<MappingResult.Rejected> checkPartial(InventoryRecord record, DuplicateIds duplicates,
			Collection<String> fromDefaults) {
		Check check = new Check(record.textual());
		if (record.problem() != null) {
			check.error("record", record.problem());
			return Optional.of(check.rejected());
		}
		ObjectNode fields = record.fields();
		check.unknownFields(fields, "", InventoryFields.TOP_LEVEL);
		InventoryFields.NESTED.forEach((field, keys) -> {
			if (fields.get(field) instanceof ObjectNode nested) {
				check.unknownFields(nested, field + ".", keys);
			}
		});
		connectorId(check, record, duplicates);
		List<String> missing = RequestBodies.SECRET_FIELDS.stream().filter(secret -> {
			JsonNode value = fields.get(secret);
			return (value == null || LiveMerge.clears(value)) && !fromDefaults.contains(secret);
		}).toList();
		if (!missing.isEmpty()) {
			check.error(String.join(", ", missing), (missing.size() == 1 ? "required" : "both required")
					+ " in a merge: Cortex never gives secrets back, so the merged definition takes them from the "
					+ "record or from sync.defaults, e.g. {\"password\": \"${file:/run/secrets/registry/{connector_id}/password}\", "
					+ "\"auth_token\": \"${file:/run/secrets/registry/{connector_id}/auth_token}\"}");
		}
		return check.errors.isEmpty() ? Optional.empty() : Optional.of(check.rejected());
	}

	private @Nullable String connectorId(Check check, InventoryRecord record, DuplicateIds duplicates) {
		String connectorId = check.string(record.fields(), "", "connector_id", true);
		if (connectorId != null && (connectorId.contains("${env:") || connectorId.contains("${file:"))) {
			check.error("connector_id", "must be written out: the id names the connector in the URL and in the ledger, "
					+ "so it cannot be a secret reference");
		}
		else if (connectorId != null) {
			ConnectorIds.problem(connectorId).ifPresent(problem -> check.error("connector_id", problem));
			duplicates.problem(connectorId, record.source()).ifPresent(p -> check.error("connector_id", p));
		}
		return connectorId;
	}

	private static <T> T nonNull(@Nullable T value) {
		if (value == null) {
			throw new IllegalStateException("a required value is missing although validation passed");
		}
		return value;
	}

	private static boolean isReference(String value) {
		return SecretReference.parse(value).isPresent();
	}

	private static @Nullable InitialScanConfiguration initialScan(Check check, ObjectNode fields) {
		String field = InventoryFields.INITIAL_SCAN_CONFIGURATION;
		ObjectNode config = check.object(fields, "", field, true);
		if (config == null) {
			return null;
		}
		String path = field + ".";
		check.unknownFields(config, path, InventoryFields.INITIAL_SCAN);
		InitialScanMode mode = check.enumeration(config, path, "mode", InitialScanMode.class, false);
		Integer days = check.integer(config, path, "numDays", InitialScanConfiguration.MIN_DAYS,
				InitialScanConfiguration.MAX_DAYS);
		if (mode == InitialScanMode.TAGS_MODIFIED_DAYS && !check.has(config, "numDays")) {
			check.error(path + "numDays", "required with mode TAGS_MODIFIED_DAYS; give the number of days, 1 to 90");
		}
		if (!check.errors.isEmpty()) {
			return null;
		}
		return new InitialScanConfiguration(mode, days);
	}

	private static @Nullable AssetScopeFilter assetScopeFilters(Check check, ObjectNode fields) {
		String field = InventoryFields.ASSET_SCOPE_FILTERS;
		JsonNode node = fields.get(field);
		if (node == null || node.isNull()) {
			return null;
		}
		if (check.textual) {
			// The CSV cell holds the tree as JSON text.
			try {
				node = InventoryJson.MAPPER.readTree(node.stringValue());
			}
			catch (JacksonException e) {
				check.error(field, "the cell is not valid JSON for a filter tree (" + InventoryJson.describe(e) + ")");
				return null;
			}
		}
		int before = check.errors.size();
		AssetScopeFilter filter = filter(check, node, field, 1);
		return check.errors.size() == before ? filter : null;
	}

	private static @Nullable AssetScopeFilter filter(Check check, JsonNode node, String path, int depth) {
		if (!(node instanceof ObjectNode object)) {
			check.error(path, "must be an object with AND, OR, or SEARCH_FIELD/SEARCH_TYPE/SEARCH_VALUE, not "
					+ JsonNodes.kind(node));
			return null;
		}
		check.unknownFields(object, path + ".", FILTER_KEYS);
		boolean and = object.has("AND");
		boolean or = object.has("OR");
		boolean condition = object.has("SEARCH_FIELD") || object.has("SEARCH_TYPE") || object.has("SEARCH_VALUE");
		// The schema's node is one of AndConnectorNode, OrConnectorNode and TerminalNode,
		// none with required keys: an empty object and a partial condition are valid
		// TerminalNodes, but keys of two kinds fit no single one.
		if ((and ? 1 : 0) + (or ? 1 : 0) + (condition ? 1 : 0) > 1) {
			List<String> kinds = new ArrayList<>();
			if (and) {
				kinds.add("AND");
			}
			if (or) {
				kinds.add("OR");
			}
			if (condition) {
				kinds.add("SEARCH_FIELD/SEARCH_TYPE/SEARCH_VALUE");
			}
			check.error(path, "holds " + String.join(" and ", kinds)
					+ " in one node; a node is either an AND, an OR or a SEARCH_FIELD/SEARCH_TYPE/SEARCH_VALUE condition, "
					+ "so nest them, e.g. {\"AND\": [{\"OR\": […]}, {\"SEARCH_FIELD\": …}]}");
			return null;
		}
		if (!and && !or) {
			int before = check.errors.size();
			String field = check.filterString(object, path, "SEARCH_FIELD");
			String type = check.filterString(object, path, "SEARCH_TYPE");
			String value = check.filterString(object, path, "SEARCH_VALUE");
			return check.errors.size() == before ? new AssetScopeFilter.Condition(field, type, value) : null;
		}
		String operator = and ? "AND" : "OR";
		String childPath = path + "." + operator;
		if (depth > AssetScopeFilter.MAX_DEPTH) {
			check.error(childPath,
					"the filter tree is nested deeper than " + AssetScopeFilter.MAX_DEPTH + " AND/OR levels");
			return null;
		}
		JsonNode children = object.get(operator);
		if (!children.isArray()) {
			check.error(childPath, "must be an array of filter nodes, not " + JsonNodes.kind(children));
			return null;
		}
		List<AssetScopeFilter> filters = new ArrayList<>();
		for (int i = 0; i < children.size(); i++) {
			AssetScopeFilter child = filter(check, children.get(i), childPath + "[" + i + "]", depth + 1);
			if (child != null) {
				filters.add(child);
			}
		}
		if (filters.size() != children.size()) {
			return null;
		}
		return and ? new AssetScopeFilter.And(filters) : new AssetScopeFilter.Or(filters);
	}

	private static @Nullable Map<String, String> vendorSpecific(Check check, ObjectNode fields,
			@Nullable Vendor vendor) {
		String field = InventoryFields.VENDOR_SPECIFIC_CONFIGURATION;
		ObjectNode config = check.object(fields, "", field, false);
		if (config == null) {
			return null;
		}
		String path = field + ".";
		check.unknownFields(config, path, InventoryFields.VENDOR_SPECIFIC);
		Map<String, String> values = new LinkedHashMap<>();
		for (String key : InventoryFields.VENDOR_SPECIFIC) {
			String value = check.string(config, path, key, false);
			if (value == null) {
				continue;
			}
			if (vendor != null && !vendor.vendorSpecificKeys().contains(key)) {
				String owners = Arrays.stream(Vendor.values())
					.filter(v -> v.vendorSpecificKeys().contains(key))
					.map(Vendor::name)
					.collect(Collectors.joining(", "));
				check.error(path + key,
						"applies to vendor " + owners + ", not " + vendor.name()
								+ (vendor.vendorSpecificKeys().isEmpty() ? " (which takes no vendor-specific keys)"
										: " (which takes " + String.join(", ", vendor.vendorSpecificKeys()) + ")"));
				continue;
			}
			values.put(key, value);
		}
		return values.isEmpty() ? null : values;
	}

	/** The checks of one record, collecting every error. */
	private final class Check {

		private final boolean textual;

		private final List<FieldError> errors = new ArrayList<>();

		Check(boolean textual) {
			this.textual = textual;
		}

		MappingResult.Rejected rejected() {
			return new MappingResult.Rejected(errors);
		}

		void error(String field, String problem) {
			errors.add(new FieldError(field, problem));
		}

		boolean has(ObjectNode object, String name) {
			JsonNode node = object.get(name);
			return node != null && !node.isNull();
		}

		void unknownFields(ObjectNode object, String path, List<String> known) {
			for (String name : object.propertyNames()) {
				if (!known.contains(name)) {
					String hint = InventoryFields.closest(name, known)
						.map(k -> "; did you mean '" + k + "'?")
						.orElse("");
					error(path + name, "unknown field" + hint);
				}
			}
		}

		@Nullable String string(ObjectNode object, String path, String name, boolean required) {
			JsonNode node = present(object, path, name, required);
			if (node == null) {
				return null;
			}
			if (!node.isString()) {
				error(path + name, "must be a string, not " + JsonNodes.kind(node));
				return null;
			}
			String value = node.stringValue();
			if (value.length() > MAX_STRING_LENGTH) {
				error(path + name, "is " + value.length() + " characters long; the limit is " + MAX_STRING_LENGTH);
				return null;
			}
			reference(path + name, value);
			return value;
		}

		/** Checks a secret reference, if the value is one. */
		private void reference(String field, String value) {
			try {
				SecretReference.parse(value).ifPresent(reference -> {
					try {
						secrets.resolve(reference);
					}
					catch (SecretResolutionException e) {
						error(field, e.getMessage());
					}
				});
			}
			catch (IllegalArgumentException e) {
				error(field, e.getMessage());
			}
		}

		/** A condition's member: optional and any string, the empty one included. */
		@Nullable String filterString(ObjectNode object, String path, String name) {
			return string(object, path + ".", name, false);
		}

		@Nullable Boolean bool(ObjectNode object, String path, String name, boolean required) {
			JsonNode node = present(object, path, name, required);
			if (node == null) {
				return null;
			}
			if (node.isBoolean()) {
				return node.booleanValue();
			}
			if (textual && node.isString()) {
				String text = node.stringValue();
				if (text.equalsIgnoreCase("true")) {
					return true;
				}
				if (text.equalsIgnoreCase("false")) {
					return false;
				}
				error(path + name, "'" + JsonNodes.quote(text) + "' is not a boolean; write true or false");
				return null;
			}
			error(path + name, "must be true or false, not " + JsonNodes.kind(node));
			return null;
		}

		/**
		 * An optional whole number from {@code min} to {@code max}: plain digits in a CSV
		 * cell; in JSON an integer, or a number whose fraction is zero (7.0), which JSON
		 * Schema counts as an integer too.
		 */
		@Nullable Integer integer(ObjectNode object, String path, String name, int min, int max) {
			JsonNode node = present(object, path, name, false);
			if (node == null) {
				return null;
			}
			BigDecimal number;
			if (textual && node.isString()) {
				String text = node.stringValue();
				if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
					error(path + name,
							"'" + JsonNodes.quote(text) + "' is not a whole number in plain digits; write e.g. 7");
					return null;
				}
				// Past 18 digits only the magnitude matters, and BigDecimal need not
				// parse
				// a cell of a quarter of a million digits.
				String digits = text.replaceFirst("^0+(?=.)", "");
				number = digits.length() > 18 ? BigDecimal.valueOf(Long.MAX_VALUE) : new BigDecimal(digits);
			}
			else if (node.isNumber() && Double.isFinite(node.doubleValue())) {
				number = node.decimalValue();
			}
			else {
				error(path + name, "must be a whole number, not " + JsonNodes.kind(node));
				return null;
			}
			String written = JsonNodes.quote(node.isString() ? node.stringValue() : node.toString());
			if (number.stripTrailingZeros().scale() > 0) {
				error(path + name, "must be a whole number, not " + written);
				return null;
			}
			if (number.compareTo(BigDecimal.valueOf(min)) < 0) {
				error(path + name, written + " is below the minimum of " + min + " (range " + min + " to " + max + ")");
				return null;
			}
			if (number.compareTo(BigDecimal.valueOf(max)) > 0) {
				error(path + name, written + " is above the maximum of " + max + " (range " + min + " to " + max + ")");
				return null;
			}
			return number.intValueExact();
		}

		<E extends Enum<E>> @Nullable E enumeration(ObjectNode object, String path, String name, Class<E> type,
				boolean required) {
			JsonNode node = present(object, path, name, required);
			if (node == null) {
				return null;
			}
			List<String> allowed = Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
			if (!node.isString()) {
				error(path + name, "must be one of " + String.join(", ", allowed) + ", not " + JsonNodes.kind(node));
				return null;
			}
			String text = node.stringValue();
			if (allowed.contains(text)) {
				return Enum.valueOf(type, text);
			}
			String upper = text.strip().toUpperCase(Locale.ROOT);
			String hint = allowed.contains(upper) ? "; did you mean " + upper + "?" : "";
			error(path + name, "'" + JsonNodes.quote(text) + "' is not one of " + String.join(", ", allowed) + hint);
			return null;
		}

		@Nullable ObjectNode object(ObjectNode object, String path, String name, boolean required) {
			JsonNode node = present(object, path, name, required);
			if (node == null) {
				return null;
			}
			if (node instanceof ObjectNode nested) {
				return nested;
			}
			error(path + name, "must be an object, not " + JsonNodes.kind(node));
			return null;
		}

		private @Nullable JsonNode present(ObjectNode object, String path, String name, boolean required) {
			JsonNode node = object.get(name);
			if (node == null || node.isNull()) {
				if (required) {
					error(path + name, textual ? "required; the cell is empty" : "required");
				}
				return null;
			}
			return node;
		}

	}

}
