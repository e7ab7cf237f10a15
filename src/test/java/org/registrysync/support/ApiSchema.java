package org.registrysync.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi30;

/**
 * The request schema of the update endpoint, from the vendor's OpenAPI export, checked by
 * an OpenAPI 3.0 schema validator. The published schema's {@code oneOf} branches admit
 * any object (no branch closes its properties), so that as published every object matches
 * several branches and no body could pass; the branches and the request object are closed
 * here ({@code additionalProperties: false}), which is stricter than the published schema
 * and also catches a misspelt field name.
 */
public final class ApiSchema {

	/**
	 * The vendor's OpenAPI export, kept in the repository (api/README.md says where it
	 * comes from).
	 */
	public static final Path OPENAPI = Path.of("api", "registry-connector-openapi.json");

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final JsonSchema SCHEMA = load();

	private ApiSchema() {
	}

	/** The problems of a request body; empty when it is valid. */
	public static Set<ValidationMessage> validate(byte[] body) {
		try {
			return SCHEMA.validate(JSON.readTree(body));
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static JsonSchema load() {
		try {
			ObjectNode document = (ObjectNode) JSON.readTree(OPENAPI.toFile());
			ObjectNode schemas = (ObjectNode) document.path("components").path("schemas");
			for (String closed : List.of("UnmanagedRegistryConnectorPublicAPIObject", "InitialScanConfiguration",
					"AndConnectorNode", "OrConnectorNode", "TerminalNode", "GitlabSpecificConfig",
					"DockerhubSpecificConfig", "OpenShiftSpecificConfig")) {
				((ObjectNode) schemas.get(closed)).put("additionalProperties", false);
			}
			document.put("$ref", "#/components/schemas/UnmanagedRegistryConnectorPublicAPIObject");
			JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4,
					builder -> builder.metaSchema(OpenApi30.getInstance())
						.defaultMetaSchemaIri(OpenApi30.getInstance().getIri()));
			return factory.getSchema(document);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

}
