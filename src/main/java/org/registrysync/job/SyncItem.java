package org.registrysync.job;

import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;
import org.registrysync.client.UpdateResult;
import org.registrysync.inventory.SourceLocation;
import org.registrysync.outcome.LedgerEntry;

/**
 * An inventory record once planned: what becomes of it, decided before its chunk is
 * written.
 */
public sealed interface SyncItem {

	/** The record it comes from. */
	Origin origin();

	/**
	 * Where a planned record comes from.
	 *
	 * @param number 1-based position in the inventory
	 * @param source where the record starts
	 * @param connectorId the id as written, when there is one
	 */
	record Origin(long number, SourceLocation source, @Nullable String connectorId) {
	}

	/** Left out by {@code sync.only}: no outcome. */
	record Skipped(Origin origin) implements SyncItem {
	}

	/**
	 * Invalid: never sent. Also a valid record whose secret could no longer be read when
	 * its request was written (SPEC §1: an unresolvable reference makes the record
	 * invalid).
	 */
	record Rejected(Origin origin, String problems) implements SyncItem {
	}

	/** Identical to the last update Cortex accepted: not sent. */
	record Unchanged(Origin origin) implements SyncItem {
	}

	/** Dry run: would be sent. */
	record Planned(Origin origin) implements SyncItem {
	}

	/**
	 * Being sent.
	 *
	 * @param connectorId the connector
	 * @param ledgerEntry for the ledger once Cortex accepts it: the fingerprints and the
	 * body without its secrets; {@code null} without a ledger key
	 * @param result completes when Cortex has answered
	 */
	record Sending(Origin origin, String connectorId, @Nullable LedgerEntry ledgerEntry,
			CompletableFuture<UpdateResult> result) implements SyncItem {

		public Sending {
			if (ledgerEntry != null && !ledgerEntry.connectorId().equals(connectorId)) {
				throw new IllegalArgumentException(
						"the ledger entry of " + ledgerEntry.connectorId() + " sent as " + connectorId);
			}
		}

	}

}
