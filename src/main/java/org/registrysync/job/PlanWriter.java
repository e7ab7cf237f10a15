package org.registrysync.job;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.registrysync.mapping.MappedRecord;
import org.registrysync.mapping.MappingResult;
import org.registrysync.outcome.Outcome;
import org.registrysync.outcome.OutcomeRepository;
import org.registrysync.outcome.OutcomeRow;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * The dry run's writer: records PLANNED for every valid record and INVALID with its
 * errors for the others, in the chunk's transaction.
 */
public class PlanWriter implements ItemWriter<MappedRecord> {

	private final OutcomeRepository outcomes;

	private final long jobInstanceId;

	private final long jobExecutionId;

	private final Clock clock;

	public PlanWriter(OutcomeRepository outcomes, long jobInstanceId, long jobExecutionId, Clock clock) {
		this.outcomes = outcomes;
		this.jobInstanceId = jobInstanceId;
		this.jobExecutionId = jobExecutionId;
		this.clock = clock;
	}

	@Override
	public void write(Chunk<? extends MappedRecord> chunk) {
		Instant now = clock.instant();
		List<OutcomeRow> rows = new ArrayList<>(chunk.size());
		for (MappedRecord record : chunk) {
			rows.add(switch (record.result()) {
				case MappingResult.Mapped mapped -> row(record, Outcome.PLANNED, null, now);
				case MappingResult.Rejected rejected -> row(record, Outcome.INVALID, rejected.message(), now);
			});
		}
		outcomes.insert(rows);
	}

	private OutcomeRow row(MappedRecord record, Outcome outcome, @org.jspecify.annotations.Nullable String message,
			Instant now) {
		return new OutcomeRow(jobInstanceId, jobExecutionId, record.number(), record.connectorId(),
				record.source().toString(), outcome, message, null, null, 0, 0, now, now);
	}

}
