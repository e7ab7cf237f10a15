package org.registrysync.job;

import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;
import org.registrysync.client.FetchResult;
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

	/**
	 * Identical to the last update Cortex accepted, or to the live definition: not sent.
	 *
	 * @param comparison what the comparison found: no change, but perhaps drift
	 */
	record Unchanged(Origin origin, Comparison comparison) implements SyncItem {
	}

	/**
	 * Dry run: would be sent.
	 *
	 * @param comparison the changes it would make
	 */
	record Planned(Origin origin, Comparison comparison) implements SyncItem {
	}

	/**
	 * {@code sync.compare=live}: the connector is being read; what becomes of the record
	 * is decided when its definition arrives.
	 *
	 * @param connectorId the connector
	 * @param decided completes with the record decided: unchanged, planned, being sent,
	 * or {@link ReadFailed}; never with another {@code Reading}
	 */
	record Reading(Origin origin, String connectorId, CompletableFuture<SyncItem> decided) implements SyncItem {
	}

	/**
	 * {@code sync.compare=live}: the connector could not be read, and so was not sent: a
	 * 404 (NOT_FOUND) or a read Cortex refused or that failed for good (FAILED).
	 *
	 * @param connectorId the connector
	 * @param result how the read ended: never {@link FetchResult.Found}
	 */
	record ReadFailed(Origin origin, String connectorId, FetchResult result) implements SyncItem {

		public ReadFailed {
			if (result instanceof FetchResult.Found) {
				throw new IllegalArgumentException("a connector read is no failure");
			}
		}

	}

	/**
	 * Being sent.
	 *
	 * @param connectorId the connector
	 * @param ledgerEntry for the ledger once Cortex accepts it: the fingerprints and the
	 * body without its secrets; {@code null} without a ledger key
	 * @param comparison the changes it makes
	 * @param result completes when Cortex has answered
	 */
	record Sending(Origin origin, String connectorId, @Nullable LedgerEntry ledgerEntry, Comparison comparison,
			CompletableFuture<UpdateResult> result) implements SyncItem {

		public Sending {
			if (ledgerEntry != null && !ledgerEntry.connectorId().equals(connectorId)) {
				throw new IllegalArgumentException(
						"the ledger entry of " + ledgerEntry.connectorId() + " sent as " + connectorId);
			}
		}

	}

}
