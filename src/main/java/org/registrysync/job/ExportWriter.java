package org.registrysync.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.registrysync.client.CortexError;
import org.registrysync.client.FetchResult;
import org.registrysync.inventory.DuplicateIds;
import org.registrysync.inventory.InventoryRecord;
import org.registrysync.mapping.ConnectorMapper;
import org.registrysync.mapping.ExportedRecord;
import org.registrysync.mapping.MappingResult;
import org.registrysync.mapping.SecretResolver;
import org.registrysync.outcome.Outcome;
import org.registrysync.outcome.OutcomeRepository;
import org.registrysync.outcome.OutcomeRow;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStream;
import org.springframework.batch.infrastructure.item.ItemWriter;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The second half of the export step (the first is {@link ExportReader}): awaits the
 * chunk's reads, appends each connector found to the staging file beside the export file
 * as one JSON line, forced to disk, then records the outcomes (EXPORTED, NOT_FOUND,
 * FAILED, INVALID for an id that cannot be one) in the chunk's transaction. The staging
 * file's committed length is kept in the step's execution context under {@value #STAGED}:
 * a restart cuts the file back to it, so that the lines of a chunk that rolled back, or
 * that a killed process wrote, are written once. {@link ExportFileTasklet} turns the
 * staging file into the export file when every id is done.
 * <p>
 * Each record is checked the way a sync would read it (secrets aside, which are
 * references to files and variables that do not exist yet): a definition the tool would
 * refuse is still exported, and its outcome message says what to fix; so does a field
 * left out because registry-sync does not know it.
 */
class ExportWriter implements ItemWriter<ExportItem>, ItemStream {

	static final String STAGED = "export.staged.bytes";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Reads exported records back as a sync would, without reading any secret. */
	private static final ConnectorMapper CHECK = new ConnectorMapper(SecretResolver.placeholder("set"));

	private final Path staging;

	private final String secretTemplate;

	private final OutcomeRepository outcomes;

	private final AwaitAndRecordWriter.RunIds run;

	private final Clock clock;

	private final AnswerWait answers;

	private final RunProgress progress;

	private final SyncMetrics metrics;

	private final RunLock runLock;

	private @Nullable FileChannel channel;

	private long staged;

	ExportWriter(Path staging, String secretTemplate, OutcomeRepository outcomes, AwaitAndRecordWriter.RunIds run,
			Clock clock, AnswerWait answers, RunProgress progress, SyncMetrics metrics, RunLock runLock) {
		this.staging = staging;
		this.secretTemplate = secretTemplate;
		this.outcomes = outcomes;
		this.run = run;
		this.clock = clock;
		this.answers = answers;
		this.progress = progress;
		this.metrics = metrics;
		this.runLock = runLock;
	}

	/** The staging file of an export file: beside it, hidden. */
	static Path staging(Path exportFile) {
		Path absolute = exportFile.toAbsolutePath();
		return absolute.resolveSibling("." + absolute.getFileName() + ".staged.ndjson");
	}

	@Override
	public void open(ExecutionContext context) {
		staged = context.containsKey(STAGED) ? context.getLong(STAGED) : 0;
		try {
			java.nio.file.Files.createDirectories(staging.getParent());
			channel = FileChannel.open(staging, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
			if (channel.size() < staged) {
				long size = channel.size();
				close();
				throw new IllegalStateException("the staging file " + staging + " holds " + size + " bytes, fewer than "
						+ "the " + staged + " this export committed: it was cut or replaced since, and the connectors "
						+ "exported before would be lost; put it back, or export to another file, which is a new run");
			}
			channel.truncate(staged);
			channel.position(staged);
		}
		catch (IOException e) {
			throw new UncheckedIOException("cannot write beside the export file: " + staging, e);
		}
	}

	@Override
	public void update(ExecutionContext context) {
		context.putLong(STAGED, staged);
	}

	@Override
	public void close() {
		if (channel != null) {
			try {
				channel.close();
			}
			catch (IOException e) {
				throw new UncheckedIOException(e);
			}
			channel = null;
		}
	}

	@Override
	public void write(Chunk<? extends ExportItem> chunk) throws JobInterruptedException {
		List<OutcomeRow> rows = new ArrayList<>(chunk.size());
		StringBuilder lines = new StringBuilder();
		for (ExportItem item : chunk) {
			if (item.definition() == null) {
				Instant now = clock.instant();
				rows.add(row(item, Outcome.INVALID, item.problem(), null, null, 0, now, Duration.ZERO));
				continue;
			}
			String id = java.util.Objects.requireNonNull(item.connectorId());
			FetchResult result = answers.await(id, item.definition());
			rows.add(switch (result) {
				case FetchResult.Found found -> {
					ExportedRecord exported = ExportedRecord.of(id, found.definition(),
							(connector, field) -> ExportSecretTemplate.fill(secretTemplate, connector, field));
					lines.append(JSON.writeValueAsString(exported.record())).append('\n');
					yield row(item, Outcome.EXPORTED, notes(item, exported), found.attempts() > 0 ? 200 : null, null,
							found.attempts(), found.startedAt(), found.duration());
				}
				case FetchResult.NotFound notFound -> row(item, Outcome.NOT_FOUND, said(notFound.error()), 404,
						notFound.error().code(), notFound.attempts(), notFound.startedAt(), notFound.duration());
				case FetchResult.Refused refused -> row(item, Outcome.FAILED, said(refused.error()), refused.status(),
						refused.error().code(), refused.attempts(), refused.startedAt(), refused.duration());
				case FetchResult.Unreadable unreadable ->
					row(item, Outcome.FAILED, said(unreadable.error()), unreadable.status(), unreadable.error().code(),
							unreadable.attempts(), unreadable.startedAt(), unreadable.duration());
				case FetchResult.GaveUp gaveUp -> row(item, Outcome.FAILED,
						"gave up after " + gaveUp.attempts() + " attempts"
								+ (gaveUp.error().message() == null ? "" : ": " + gaveUp.error().message()),
						gaveUp.status(), gaveUp.error().code(), gaveUp.attempts(), gaveUp.startedAt(),
						gaveUp.duration());
			});
		}
		append(lines.toString());
		// Every answer is in and the lines are on disk: the database work starts here.
		runLock.check();
		outcomes.insert(rows);
		progress.recorded(rows);
		metrics.recorded(rows);
	}

	private void append(String lines) {
		if (lines.isEmpty()) {
			return;
		}
		FileChannel open = java.util.Objects.requireNonNull(channel, "the writer is not open");
		try {
			ByteBuffer bytes = ByteBuffer.wrap(lines.getBytes(StandardCharsets.UTF_8));
			while (bytes.hasRemaining()) {
				open.write(bytes);
			}
			open.force(false);
			staged = open.position();
		}
		catch (IOException e) {
			throw new UncheckedIOException("cannot write beside the export file: " + staging, e);
		}
	}

	/**
	 * What the outcome says of an exported record: the fields left out, and what a sync
	 * of it would refuse; {@code null} when there is nothing to say.
	 */
	private static @Nullable String notes(ExportItem item, ExportedRecord exported) {
		List<String> notes = new ArrayList<>();
		if (!exported.unknownFields().isEmpty()) {
			notes.add("fields not known to registry-sync, left out of the export: "
					+ String.join(", ", exported.unknownFields()));
		}
		if (!exported.referenceLikeFields().isEmpty()) {
			notes.add("fields whose values read as secret references (${env:…}, ${file:…}), left out of the "
					+ "export so that a sync does not resolve them; a sync of this record clears them unless they "
					+ "are written back: " + String.join(", ", exported.referenceLikeFields()));
		}
		ObjectNode record = exported.record().deepCopy();
		record.put("password", "set");
		record.put("auth_token", "set");
		if (CHECK.map(new InventoryRecord(item.number(), item.source(), record, false, null),
				DuplicateIds.none()) instanceof MappingResult.Rejected rejected) {
			notes.add("a sync of this record would refuse it: " + rejected.message().replace("\n", "; "));
		}
		return notes.isEmpty() ? null : String.join("\n", notes);
	}

	private static String said(CortexError error) {
		return "reading the connector: " + (error.message() == null ? "no message" : error.message());
	}

	private OutcomeRow row(ExportItem item, Outcome outcome, @Nullable String message, @Nullable Integer status,
			@Nullable String code, int attempts, Instant startedAt, Duration duration) {
		return new OutcomeRow(run.jobInstanceId(), run.jobExecutionId(), item.number(), item.connectorId(),
				item.source().toString(), outcome, message, status, code, attempts, duration.toMillis(), startedAt,
				startedAt.plus(duration));
	}

}
