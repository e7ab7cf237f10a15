package org.registrysync.outcome;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Consumer;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the run report (SPEC §3) as JSON, streaming the records from the outcome table
 * so that a run of any size fits in memory. The file appears whole or not at all: it is
 * written beside the target and moved into place.
 */
public class ReportWriter {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final OutcomeRepository outcomes;

	public ReportWriter(OutcomeRepository outcomes) {
		this.outcomes = outcomes;
	}

	public void write(Path target, RunResult result) throws IOException {
		atomically(target, json -> {
			json.writeStartObject();
			writeRunReport(json, result);
			json.writeEndObject();
		});
	}

	/**
	 * Writes the report of a fleet run: the fleet run, then a section per tenant holding
	 * what a single-tenant run's report holds ({@code run}, {@code counts},
	 * {@code records}; none of them for a tenant whose run never began).
	 */
	public void writeFleet(Path target, FleetResult fleet) throws IOException {
		atomically(target, json -> {
			json.writeStartObject();
			json.writeName("fleet");
			json.writeStartObject();
			json.writeNumberProperty("id", fleet.id());
			json.writeStringProperty("status", fleet.status());
			json.writeNumberProperty("exit_code", fleet.exitCode());
			json.writeStringProperty("file", fleet.file());
			json.writeStringProperty("shard", fleet.shard());
			json.writeStringProperty("started_at", fleet.startedAt().toString());
			json.writeStringProperty("finished_at", fleet.finishedAt().toString());
			json.writeEndObject();
			json.writeName("tenants");
			json.writeStartArray();
			for (FleetResult.Tenant tenant : fleet.tenants()) {
				json.writeStartObject();
				json.writeStringProperty("name", tenant.name());
				json.writeStringProperty("base_url", tenant.baseUrl());
				json.writeNumberProperty("exit_code", tenant.exitCode());
				json.writeBooleanProperty("synced", tenant.synced());
				json.writeNumberProperty("requests", tenant.requests());
				json.writeName("rate");
				if (tenant.rate() != null) {
					json.writeNumber(Math.round(tenant.rate() * 100) / 100.0);
				}
				else {
					json.writeNull();
				}
				json.writeNumberProperty("rate_limit", tenant.rateLimit());
				json.writeStringProperty("problem", tenant.problem());
				if (tenant.run() != null) {
					writeRunReport(json, tenant.run());
				}
				json.writeEndObject();
			}
			json.writeEndArray();
			json.writeEndObject();
		});
	}

	/** The run, its counts and its records, as the fields of the object open. */
	private void writeRunReport(JsonGenerator json, RunResult result) {
		writeRun(json, result);
		writeCounts(json, result);
		json.writeName("records");
		json.writeStartArray();
		outcomes.forEach(result.run().jobInstanceId(), row -> writeRecord(json, row));
		json.writeEndArray();
	}

	/** Writes beside the target and moves the file into place once whole. */
	private static void atomically(Path target, Consumer<JsonGenerator> content) throws IOException {
		Path absolute = target.toAbsolutePath();
		Path directory = absolute.getParent();
		Files.createDirectories(directory);
		Path temporary = Files.createTempFile(directory, "." + absolute.getFileName(), ".tmp");
		try {
			try (OutputStream out = Files.newOutputStream(temporary); JsonGenerator json = JSON.createGenerator(out)) {
				content.accept(json);
			}
			move(temporary, absolute);
		}
		finally {
			Files.deleteIfExists(temporary);
		}
	}

	private static void move(Path from, Path to) throws IOException {
		try {
			Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (AtomicMoveNotSupportedException e) {
			Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	private static void writeRun(JsonGenerator json, RunResult result) {
		SyncRun run = result.run();
		json.writeName("run");
		json.writeStartObject();
		json.writeNumberProperty("id", run.jobInstanceId());
		json.writeStringProperty("status", result.status());
		json.writeNumberProperty("exit_code", result.exitCode());
		json.writeBooleanProperty("dry_run", run.dryRun());
		json.writeStringProperty("inventory", run.inventory());
		json.writeStringProperty("inventory_sha256", run.inventorySha256());
		json.writeStringProperty("tenant", run.tenant());
		json.writeStringProperty("started_at", result.startedAt().toString());
		json.writeStringProperty("finished_at", result.finishedAt().toString());
		json.writeStringProperty("failure", result.failure());
		json.writeEndObject();
	}

	private static void writeCounts(JsonGenerator json, RunResult result) {
		json.writeName("counts");
		json.writeStartObject();
		json.writeNumberProperty("read", result.recorded());
		result.counts()
			.entrySet()
			.stream()
			.sorted(java.util.Map.Entry.comparingByKey())
			.forEach(e -> json.writeNumberProperty(e.getKey().name(), e.getValue()));
		json.writeEndObject();
	}

	private static void writeRecord(JsonGenerator json, OutcomeRow row) {
		json.writeStartObject();
		json.writeStringProperty("connector_id", row.connectorId());
		json.writeStringProperty("source", row.source());
		json.writeStringProperty("outcome", row.outcome().name());
		json.writeName("http_status");
		if (row.httpStatus() != null) {
			json.writeNumber(row.httpStatus());
		}
		else {
			json.writeNull();
		}
		json.writeStringProperty("error_code", row.errorCode());
		json.writeNumberProperty("attempts", row.attempts());
		json.writeNumberProperty("duration_ms", row.durationMs());
		json.writeStringProperty("error", row.message() == null ? null : row.message().replace("\n", "; "));
		json.writeName("changes");
		if (row.changes() != null) {
			json.writePOJO(JSON.readTree(row.changes()));
		}
		else {
			json.writeNull();
		}
		if (row.drift() != null) {
			json.writeBooleanProperty("drift", row.drift());
		}
		json.writeEndObject();
	}

}
