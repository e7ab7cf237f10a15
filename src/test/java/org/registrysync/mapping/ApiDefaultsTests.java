package org.registrysync.mapping;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.registrysync.support.ApiSchema;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

class ApiDefaultsTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void theDefaultsAreTheSchemasDefaultsAndTheZeroValuesOfItsNonPointerFields() throws IOException {
		// given
		JsonNode schemas = JSON.readTree(ApiSchema.OPENAPI.toFile()).path("components").path("schemas");
		Map<String, JsonNode> expected = new HashMap<>();
		collect(schemas, schemas.path("UnmanagedRegistryConnectorPublicAPIObject"), "", expected);
		collect(schemas, schemas.path("InitialScanConfiguration"), "initial_scan_configuration.", expected);
		// every vendor's schema that vendor_specific_configuration may be, as the export
		// lists them
		JsonNode vendorConfigs = schemas.path("VendorSpecificConfig").path("oneOf");
		assertThat(vendorConfigs.size()).as("the vendor-specific schemas").isPositive();
		for (JsonNode ref : vendorConfigs) {
			String name = ref.path("$ref").asString().substring(ref.path("$ref").asString().lastIndexOf('/') + 1);
			collect(schemas, schemas.path(name), "vendor_specific_configuration.", expected);
		}
		expected.keySet().removeAll(ApiDefaults.READ_ONLY);

		// then
		assertThat(ApiDefaults.DEFAULTS).isEqualTo(expected);
	}

	@Test
	void aBodyWithoutDefaultsKeepsEveryOtherFieldAndDropsObjectsLeftEmpty() {
		// given
		ObjectNode body = (ObjectNode) JSON.readTree("""
				{"connector_id": "rc-1", "name": "n", "enabled": true, "insecure_pull": false, "outpost_id": "",
				 "broker_type": "", "filter_type": "INCLUDE", "region": "", "newer_field": "",
				 "initial_scan_configuration": {"mode": "ALL"},
				 "vendor_specific_configuration": {"group_ids": "", "cluster_id": ""},
				 "asset_scope_filters": {"SEARCH_FIELD": "a", "SEARCH_TYPE": "EQUALS", "SEARCH_VALUE": ""}}""");

		// when
		ObjectNode stripped = ApiDefaults.withoutDefaults(body);

		// then
		assertThat(stripped).isEqualTo(JSON.readTree("""
				{"name": "n", "region": "", "newer_field": "",
				 "vendor_specific_configuration": {"cluster_id": ""},
				 "asset_scope_filters": {"SEARCH_FIELD": "a", "SEARCH_TYPE": "EQUALS", "SEARCH_VALUE": ""}}"""));
		assertThat(body.has("connector_id")).as("the body itself is left as it was").isTrue();
	}

	private static void collect(JsonNode schemas, JsonNode object, String prefix, Map<String, JsonNode> out) {
		for (Map.Entry<String, JsonNode> property : object.path("properties").properties()) {
			JsonNode field = property.getValue();
			String path = prefix + property.getKey();
			if (field.has("default")) {
				out.put(path, field.get("default"));
			}
			else if (field.path("x-go-type-skip-optional-pointer").asBoolean(false)) {
				String type = type(schemas, field);
				out.put(path, type.equals("boolean") ? JSON.getNodeFactory().booleanNode(false)
						: JSON.getNodeFactory().stringNode(""));
			}
		}
	}

	private static String type(JsonNode schemas, JsonNode field) {
		if (field.has("type")) {
			return field.get("type").asString();
		}
		JsonNode ref = field.has("$ref") ? field.get("$ref") : field.path("allOf").path(0).path("$ref");
		String name = ref.asString().substring(ref.asString().lastIndexOf('/') + 1);
		return schemas.path(name).path("type").asString();
	}

}
