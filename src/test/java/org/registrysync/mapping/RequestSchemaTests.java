package org.registrysync.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.registrysync.inventory.DuplicateIds;
import org.registrysync.inventory.InventoryFile;
import org.registrysync.inventory.InventoryRecord;
import org.registrysync.inventory.InventoryScan;
import org.registrysync.inventory.InventoryScanner;
import org.registrysync.inventory.RecordParser;
import org.registrysync.inventory.SourceLocation;
import org.registrysync.support.ApiSchema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.ValidationMessage;

/**
 * Every body produced from the samples is valid against the vendor's OpenAPI schema
 * ({@link ApiSchema}).
 */
class RequestSchemaTests {

	private static final ObjectMapper JACKSON2 = new ObjectMapper();

	private final RequestBodies bodies = new RequestBodies(SecretResolver.system());

	private final ConnectorMapper mapper = new ConnectorMapper(SecretResolver.system());

	static Set<ValidationMessage> validate(byte[] body) {
		return ApiSchema.validate(body);
	}

	@ParameterizedTest
	@ValueSource(strings = { "samples/connectors.csv", "samples/connectors.json", "samples/connectors.ndjson" })
	void everyBodyFromTheSamplesIsValidAgainstTheSchema(String sample) throws IOException {
		// given
		InventoryFile file = InventoryFile.of(Path.of(sample));
		InventoryScan scan = new InventoryScanner().scan(file);
		List<byte[]> produced = new ArrayList<>();

		// when
		try (RecordParser parser = file.open()) {
			for (InventoryRecord record = parser.next(); record != null; record = parser.next()) {
				MappingResult result = mapper.map(record, scan.duplicates());
				assertThat(result).as(record.source().toString()).isInstanceOf(MappingResult.Mapped.class);
				produced.add(bodies.write(((MappingResult.Mapped) result).request()).json());
			}
		}

		// then
		assertThat(produced).hasSize(7);
		for (byte[] body : produced) {
			assertThat(validate(body)).as(new String(body)).isEmpty();
		}
	}

	@Test
	void theBodyKeepsTheSchemaNamesTypesAndLeavesAbsentFieldsOut() throws IOException {
		InventoryFile file = InventoryFile.of(Path.of("samples/connectors.csv"));
		JsonNode body;
		try (RecordParser parser = file.open()) {
			parser.skip(2);
			MappingResult result = mapper.map(parser.next(), new InventoryScanner().scan(file).duplicates());
			body = JACKSON2.readTree(bodies.write(((MappingResult.Mapped) result).request()).json());
		}

		assertThat(body.get("connector_id").asText()).isEqualTo("rc-sonatype-broker");
		assertThat(body.get("initial_scan_configuration").get("numDays").isInt()).isTrue();
		assertThat(body.get("initial_scan_configuration").get("numDays").asInt()).isEqualTo(30);
		assertThat(body.get("enabled").isBoolean()).isTrue();
		assertThat(body.get("insecure_pull").isBoolean()).isTrue();
		assertThat(body.has("cloud_provider")).isFalse();
		assertThat(body.has("vendor_specific_configuration")).isFalse();
		assertThat(body.get("password").asText()).as("resolved from the file, trailing newline dropped")
			.isEqualTo("sample-registry-password");
		assertThat(body.get("auth_token").asText()).isEqualTo(System.getenv("REGISTRY_SYNC_SAMPLE_TOKEN"));
	}

	@Test
	void theValidatorRejectsBodiesThatBreakTheSchema() throws IOException {
		ObjectNode body = (ObjectNode) JACKSON2.readTree(Files.readString(Path.of("samples/connectors.json"))).get(2);
		body.put("password", "p");
		body.put("auth_token", "t");

		assertThat(validate(JACKSON2.writeValueAsBytes(body))).isEmpty();
		for (var broken : Stream
			.of(body.deepCopy().put("enabled", "true"), body.deepCopy().put("vendor", "QUAY"),
					body.deepCopy().put("numdays", 3), (ObjectNode) body.deepCopy().without("region"))
			.toList()) {
			assertThat(validate(JACKSON2.writeValueAsBytes(broken))).as(broken.toString()).isNotEmpty();
		}
		ObjectNode camel = body.deepCopy();
		((ObjectNode) camel.get("initial_scan_configuration")).remove("numDays");
		((ObjectNode) camel.get("initial_scan_configuration")).put("num_days", 30);
		assertThat(validate(JACKSON2.writeValueAsBytes(camel))).isNotEmpty();
	}

	/**
	 * The audit of validation against the schema (SPEC §4): what the tool accepts, the
	 * schema accepts; what both refuse; and the few bounds beyond the schema, each listed
	 * in the README.
	 */
	@Nested
	class AgainstTheSchema {

		private final SecretResolver resolver = new SecretResolver(Map.of("REGISTRY_PASSWORD", "s3cret")::get);

		private final ConnectorMapper strict = new ConnectorMapper(this.resolver);

		private final RequestBodies writer = new RequestBodies(this.resolver);

		/** A change to a valid record ({@link ConnectorMapperTests#valid()}). */
		interface Change extends Consumer<tools.jackson.databind.node.ObjectNode> {

		}

		private static tools.jackson.databind.node.ObjectNode changed(Change change) {
			tools.jackson.databind.node.ObjectNode record = ConnectorMapperTests.valid();
			change.accept(record);
			return record;
		}

		private MappingResult map(tools.jackson.databind.node.ObjectNode record) {
			return this.strict.map(new InventoryRecord(1, new SourceLocation("c.json", 2), record, false, null),
					DuplicateIds.none());
		}

		private static tools.jackson.databind.node.ObjectNode filters(tools.jackson.databind.node.ObjectNode record) {
			return record.putObject("asset_scope_filters");
		}

		private static tools.jackson.databind.node.ObjectNode scan(tools.jackson.databind.node.ObjectNode record) {
			return (tools.jackson.databind.node.ObjectNode) record.get("initial_scan_configuration");
		}

		static Stream<Arguments> acceptedByBoth() {
			return Stream.of(
					Arguments.of("an empty SEARCH_VALUE",
							(Change) r -> filters(r).put("SEARCH_FIELD", "Registry")
								.put("SEARCH_TYPE", "EQ")
								.put("SEARCH_VALUE", "")),
					Arguments.of("empty SEARCH_FIELD and SEARCH_TYPE",
							(Change) r -> filters(r).putArray("OR")
								.addObject()
								.put("SEARCH_FIELD", "")
								.put("SEARCH_TYPE", "")
								.put("SEARCH_VALUE", "x")),
					Arguments.of("a condition with one key", (Change) r -> filters(r).put("SEARCH_FIELD", "Registry")),
					Arguments.of("an empty node", (Change) r -> filters(r).putArray("AND").addObject()),
					Arguments.of("an empty AND", (Change) r -> filters(r).putArray("AND")),
					Arguments.of("an empty OR", (Change) r -> filters(r).putArray("OR")),
					Arguments.of("an empty password", (Change) r -> r.put("password", "")),
					Arguments.of("an empty auth_token", (Change) r -> r.put("auth_token", "")),
					Arguments.of("empty plain strings",
							(Change) r -> r.put("name", "").put("url", "").put("region", "")),
					Arguments.of("numDays with ALL", (Change) r -> scan(r).put("numDays", 7)),
					Arguments.of("numDays with LATEST_TAG",
							(Change) r -> scan(r).put("mode", "LATEST_TAG").put("numDays", 90)),
					Arguments.of("numDays without mode",
							(Change) r -> r.putObject("initial_scan_configuration").put("numDays", 1)),
					Arguments.of("numDays written 7.0",
							(Change) r -> scan(r).put("mode", "TAGS_MODIFIED_DAYS").put("numDays", 7.0)),
					Arguments.of("an empty initial_scan_configuration",
							(Change) r -> r.putObject("initial_scan_configuration")),
					Arguments.of("GitLab keys",
							(Change) r -> r.put("vendor", "GITLAB_CONTAINER_REGISTRY")
								.putObject("vendor_specific_configuration")
								.put("group_ids", "1,2")
								.put("project_ids", "")
								.put("api_domain_name", "gitlab.example")),
					Arguments.of("a Docker Hub key",
							(Change) r -> r.put("vendor", "DOCKER_HUB")
								.putObject("vendor_specific_configuration")
								.put("repository", "library")),
					Arguments.of("OpenShift keys",
							(Change) r -> r.put("vendor", "OPENSHIFT")
								.putObject("vendor_specific_configuration")
								.put("cluster_id", "c")
								.put("cluster_realm", "")),
					Arguments.of("an optional field given as null", (Change) r -> r.putNull("cloud_provider")),
					Arguments.of("filters 16 levels deep", (Change) r -> {
						tools.jackson.databind.node.ObjectNode node = filters(r);
						for (int i = 1; i < AssetScopeFilter.MAX_DEPTH; i++) {
							node = node.putArray(i % 2 == 0 ? "AND" : "OR").addObject();
						}
						node.putArray("AND");
					}));
		}

		@ParameterizedTest(name = "{0}")
		@MethodSource("acceptedByBoth")
		void whatTheToolAcceptsTheSchemaAccepts(String name, Change change) {
			// given
			MappingResult result = map(changed(change));

			// when
			assertThat(result).as(() -> result instanceof MappingResult.Rejected rejected ? rejected.message() : "")
				.isInstanceOf(MappingResult.Mapped.class);
			byte[] body = this.writer.write(((MappingResult.Mapped) result).request()).json();

			// then
			assertThat(validate(body)).as(new String(body)).isEmpty();
		}

		static Stream<Arguments> refusedByBoth() {
			return Stream.of(Arguments.of("AND and OR in one node", (Change) r -> {
				filters(r).putArray("AND");
				((tools.jackson.databind.node.ObjectNode) r.get("asset_scope_filters")).putArray("OR");
			}), Arguments.of("AND and a condition in one node", (Change) r -> {
				filters(r).putArray("AND");
				((tools.jackson.databind.node.ObjectNode) r.get("asset_scope_filters")).put("SEARCH_FIELD", "x");
			}), Arguments.of("AND not an array", (Change) r -> filters(r).put("AND", "x")),
					Arguments.of("null in an OR", (Change) r -> filters(r).putArray("OR").addNull()),
					Arguments.of("a number as SEARCH_VALUE", (Change) r -> filters(r).put("SEARCH_VALUE", 3)),
					Arguments.of("a vendor outside the enum", (Change) r -> r.put("vendor", "QUAY")),
					Arguments.of("a mode outside the enum", (Change) r -> scan(r).put("mode", "NEWEST")),
					Arguments.of("numDays 7.5", (Change) r -> scan(r).put("numDays", 7.5)),
					Arguments.of("numDays as a string", (Change) r -> scan(r).put("numDays", "7")),
					Arguments.of("a string as a boolean", (Change) r -> r.put("insecure_pull", "false")),
					Arguments.of("a number as a string field", (Change) r -> r.put("name", 42)),
					Arguments.of("group_ids as an array",
							(Change) r -> r.put("vendor", "GITLAB_CONTAINER_REGISTRY")
								.putObject("vendor_specific_configuration")
								.putArray("group_ids")
								.add("1")),
					Arguments.of("keys of two vendors",
							(Change) r -> r.putObject("vendor_specific_configuration")
								.put("group_ids", "1")
								.put("cluster_id", "c")),
					Arguments.of("no region", (Change) r -> r.remove("region")),
					Arguments.of("no password", (Change) r -> r.remove("password")), Arguments
						.of("no initial_scan_configuration", (Change) r -> r.remove("initial_scan_configuration")));
		}

		@ParameterizedTest(name = "{0}")
		@MethodSource("refusedByBoth")
		void whatTheSchemaRefusesTheToolRefuses(String name, Change change) {
			// given
			tools.jackson.databind.node.ObjectNode record = changed(change);

			// when
			MappingResult result = map(record);

			// then
			assertThat(validate(record.toString().getBytes(StandardCharsets.UTF_8))).isNotEmpty();
			assertThat(result).isInstanceOf(MappingResult.Rejected.class);
		}

		/** The bounds of the README's table "Bounds beyond the API's schema". */
		static Stream<Arguments> boundsBeyondTheSchema() {
			return Stream.of(
					Arguments.of("a string over 262,144 characters",
							(Change) r -> r.put("ca_certificate", "x".repeat(ConnectorMapper.MAX_STRING_LENGTH + 1))),
					Arguments.of("filters 17 levels deep", (Change) r -> {
						tools.jackson.databind.node.ObjectNode node = filters(r);
						for (int i = 0; i < AssetScopeFilter.MAX_DEPTH; i++) {
							node = node.putArray("AND").addObject();
						}
						node.putArray("AND");
					}), Arguments.of("an unsafe connector_id", (Change) r -> r.put("connector_id", "../admin")),
					Arguments.of("an empty connector_id", (Change) r -> r.put("connector_id", "")),
					Arguments.of("a connector_id over 256 characters",
							(Change) r -> r.put("connector_id", "a".repeat(ConnectorIds.MAX_LENGTH + 1))),
					Arguments.of("numDays 0",
							(Change) r -> scan(r).put("mode", "TAGS_MODIFIED_DAYS").put("numDays", 0)),
					Arguments.of("numDays 91", (Change) r -> scan(r).put("numDays", 91)),
					Arguments.of("TAGS_MODIFIED_DAYS without numDays",
							(Change) r -> scan(r).put("mode", "TAGS_MODIFIED_DAYS")),
					Arguments.of("GitLab keys on another vendor",
							(Change) r -> r.put("vendor", "JFROG")
								.putObject("vendor_specific_configuration")
								.put("group_ids", "1")));
		}

		@ParameterizedTest(name = "{0}")
		@MethodSource("boundsBeyondTheSchema")
		void theToolRefusesOnlyTheDocumentedBoundsThatTheSchemaAccepts(String name, Change change) {
			// given
			tools.jackson.databind.node.ObjectNode record = changed(change);

			// when
			MappingResult result = map(record);

			// then
			assertThat(validate(record.toString().getBytes(StandardCharsets.UTF_8))).isEmpty();
			assertThat(result).isInstanceOf(MappingResult.Rejected.class);
		}

	}

}
