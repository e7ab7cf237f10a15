package org.registrysync.job;

import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;
import org.registrysync.client.FetchResult;
import org.registrysync.inventory.SourceLocation;

/**
 * One id of an export, read from the ids file or the inventory: being read from Cortex,
 * or refused before any request.
 *
 * @param number 1-based position among the ids
 * @param source where the id is written
 * @param connectorId the id, {@code null} when the inventory record has none
 * @param definition completes with the connector's definition; {@code null} when the id
 * was refused
 * @param problem why the id was refused; {@code null} when it is being read
 */
record ExportItem(long number, SourceLocation source, @Nullable String connectorId,
		@Nullable CompletableFuture<FetchResult> definition, @Nullable String problem) {

	ExportItem {
		if ((definition == null) == (problem == null)) {
			throw new IllegalArgumentException("an export item is either being read or refused");
		}
	}

}
