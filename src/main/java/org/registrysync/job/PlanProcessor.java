package org.registrysync.job;

import java.util.concurrent.atomic.AtomicBoolean;

import org.registrysync.inventory.DuplicateIds;
import org.registrysync.inventory.InventoryRecord;
import org.registrysync.mapping.ConnectorMapper;
import org.registrysync.mapping.MappedRecord;
import org.registrysync.mapping.MappingResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Validates and maps each record. Never filters: an invalid record passes on as a
 * rejection so that the writer records its outcome in the same chunk. Warns once per run
 * about secrets written in clear.
 */
public class PlanProcessor implements ItemProcessor<InventoryRecord, MappedRecord> {

	private static final Logger log = LoggerFactory.getLogger(PlanProcessor.class);

	private final ConnectorMapper mapper;

	private final DuplicateIds duplicates;

	private final AtomicBoolean warned = new AtomicBoolean();

	public PlanProcessor(ConnectorMapper mapper, DuplicateIds duplicates) {
		this.mapper = mapper;
		this.duplicates = duplicates;
	}

	@Override
	public MappedRecord process(InventoryRecord record) {
		MappingResult result = mapper.map(record, duplicates);
		if (result instanceof MappingResult.Mapped mapped && mapped.literalSecrets()
				&& warned.compareAndSet(false, true)) {
			log.warn("{}: password or auth_token is written in clear in the inventory; prefer ${env:NAME} or "
					+ "${file:/path} (warned once per run)", record.source());
		}
		return new MappedRecord(record.number(), record.source(), record.connectorId(), result);
	}

}
