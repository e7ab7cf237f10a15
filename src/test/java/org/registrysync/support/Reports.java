package org.registrysync.support;

import java.io.IOException;
import java.nio.file.Path;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reading a run report ({@code sync.report}) in tests. */
public final class Reports {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private Reports() {
	}

	/** A connector's entry in the report's {@code records}. */
	public static JsonNode record(Path report, String connectorId) throws IOException {
		for (JsonNode record : JSON.readTree(report.toFile()).get("records")) {
			if (record.get("connector_id").stringValue().equals(connectorId)) {
				return record;
			}
		}
		throw new AssertionError(connectorId + " is not in the report");
	}

}
