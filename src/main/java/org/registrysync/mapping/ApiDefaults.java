package org.registrysync.mapping;

import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.registrysync.inventory.InventoryFields;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The values Cortex takes for a field that a body leaves out, from the API schema: its
 * {@code default}, or the zero value ({@code ""}, {@code false}) of a field the schema
 * marks {@code x-go-type-skip-optional-pointer} (a field Cortex stores without "unset",
 * and so answers a GET with its zero value when nobody set it). A connector read back
 * with {@code "outpost_id": ""} or {@code "enabled": true} is the same connector as a
 * body without those fields; comparing bodies without their defaults keeps such fields
 * from showing as changes forever, and keeps an export free of values that would fail
 * validation ({@code "broker_type": ""}). Paths are dotted as the CSV headers spell them.
 * Immutable.
 */
public final class ApiDefaults {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	/**
	 * Each field's value when left out. Checked against the OpenAPI export by
	 * {@code ApiDefaultsTests}.
	 */
	public static final Map<String, JsonNode> DEFAULTS = Map.ofEntries(Map.entry("enabled", NODES.booleanNode(true)),
			Map.entry("outpost_id", NODES.stringNode("")), Map.entry("insecure_pull", NODES.booleanNode(false)),
			Map.entry("ca_certificate", NODES.stringNode("")), Map.entry("repository", NODES.stringNode("")),
			Map.entry("allow_static_ips", NODES.booleanNode(false)), Map.entry("ip_identifier", NODES.stringNode("")),
			Map.entry("tenant_id", NODES.stringNode("")), Map.entry("broker_type", NODES.stringNode("")),
			Map.entry("broker_id", NODES.stringNode("")), Map.entry("filter_type", NODES.stringNode("INCLUDE")),
			Map.entry("initial_scan_configuration.mode", NODES.stringNode("ALL")),
			Map.entry("vendor_specific_configuration.repository", NODES.stringNode("")),
			Map.entry("vendor_specific_configuration.group_ids", NODES.stringNode("")),
			Map.entry("vendor_specific_configuration.project_ids", NODES.stringNode("")),
			Map.entry("vendor_specific_configuration.api_domain_name", NODES.stringNode("")));

	/**
	 * Fields a GET answers with that are not part of a connector's definition: the id,
	 * which is the record's {@code connector_id} and the request's path, never its body.
	 */
	public static final Set<String> READ_ONLY = Set.of("connector_id");

	private ApiDefaults() {
	}

	/**
	 * Whether {@code value} is what Cortex takes for the field at {@code path} when left
	 * out.
	 */
	public static boolean isDefault(String path, @Nullable JsonNode value) {
		JsonNode fallback = DEFAULTS.get(path);
		return value != null && fallback != null && fallback.equals(value);
	}

	/**
	 * A copy of a connector body without the read-only fields and without every field
	 * that holds its default; a nested object left empty goes too. Other fields, unknown
	 * ones included, are kept as they are.
	 */
	public static ObjectNode withoutDefaults(ObjectNode body) {
		ObjectNode copy = body.deepCopy();
		copy.remove(READ_ONLY);
		strip(copy, "");
		return copy;
	}

	private static void strip(ObjectNode object, String prefix) {
		for (String name : Set.copyOf(object.propertyNames())) {
			JsonNode value = object.get(name);
			String path = prefix + name;
			if (value instanceof ObjectNode nested && !path.equals(InventoryFields.ASSET_SCOPE_FILTERS)) {
				strip(nested, path + ".");
				if (nested.isEmpty()) {
					object.remove(name);
				}
			}
			else if (isDefault(path, value)) {
				object.remove(name);
			}
		}
	}

}
