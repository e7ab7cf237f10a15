package org.registrysync.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.registrysync.inventory.InventoryWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.batch.core.scope.context.ChunkContext;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The export's last step: writes the export file, in the format of its extension, from
 * the staging file the export step filled, beside it and moved into place whole, then
 * deletes the staging file. Done again on restart while the staging file is there, to the
 * same result; nothing to do once it is gone.
 */
class ExportFileTasklet implements Tasklet {

	private static final Logger log = LoggerFactory.getLogger(ExportFileTasklet.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Path exportFile;

	ExportFileTasklet(Path exportFile) {
		this.exportFile = exportFile;
	}

	@Override
	public @Nullable RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws IOException {
		Path staging = ExportWriter.staging(exportFile);
		if (!Files.exists(staging)) {
			return RepeatStatus.FINISHED;
		}
		// The export file is on disk, and its entry too, before the staging file goes.
		InventoryWriter.write(exportFile, () -> lines(staging));
		Files.delete(staging);
		InventoryWriter.forceDirectory(staging.getParent());
		log.info("Export written to {}", exportFile);
		return RepeatStatus.FINISHED;
	}

	private static Stream<ObjectNode> lines(Path staging) {
		try {
			return Files.lines(staging).filter(line -> !line.isBlank()).map(line -> (ObjectNode) JSON.readTree(line));
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

}
