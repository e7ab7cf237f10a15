package org.registrysync.job;

import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import org.registrysync.inventory.DuplicateIds;
import org.registrysync.inventory.InventoryRecord;
import org.registrysync.mapping.ConnectorMapper;
import org.registrysync.mapping.MappedRecord;
import org.registrysync.mapping.MappingResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Validates and maps each record. An invalid record passes on as a rejection, so that the
 * writer records its outcome in the same chunk; only records left out by
 * {@code sync.only} are filtered. Warns once per run about secrets written in clear.
 */
public class PlanProcessor implements ItemProcessor<InventoryRecord, MappedRecord> {

	private static final Logger log = LoggerFactory.getLogger(PlanProcessor.class);

	private final ConnectorMapper mapper;

	private final DuplicateIds duplicates;

	private final Set<String> only;

	private final AtomicBoolean warned = new AtomicBoolean();

	/**
	 * @param only the connector ids to touch; empty for all
	 */
	public PlanProcessor(ConnectorMapper mapper, DuplicateIds duplicates, Set<String> only) {
		this.mapper = mapper;
		this.duplicates = duplicates;
		this.only = Set.copyOf(only);
	}

	@Override
	public @Nullable MappedRecord process(InventoryRecord record) {
		if (!only.isEmpty() && !only.contains(record.connectorId())) {
			return null;
		}
		MappingResult result = mapper.map(record, duplicates);
		if (result instanceof MappingResult.Mapped mapped && mapped.literalSecrets()
				&& warned.compareAndSet(false, true)) {
			log.warn("{}: password or auth_token is written in clear in the inventory; prefer ${env:NAME} or "
					+ "${file:/path} (warned once per run)", record.source());
		}
		return new MappedRecord(record.number(), record.source(), record.connectorId(), result);
	}

}
