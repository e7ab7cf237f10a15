package org.registrysync.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.registrysync.inventory.InventoryFile;
import org.registrysync.inventory.InventoryRecord;
import org.registrysync.inventory.InventoryScan;
import org.registrysync.inventory.InventoryScanner;
import org.registrysync.inventory.RecordParser;
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

}
