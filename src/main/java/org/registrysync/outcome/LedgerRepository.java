package org.registrysync.outcome;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

/**
 * The {@code sync_ledger} table: per tenant and connector, the fingerprint of the last
 * update Cortex accepted and, in rows written since the ledger keeps them, the body
 * without its secrets and a fingerprint of the secrets apart ({@link LedgerEntry}).
 * Written in the chunk's transaction, with the outcomes. Thread-safe.
 */
public class LedgerRepository {

	/** Connectors looked up in one query: well below every driver's parameter limit. */
	private static final int LOOKUP_SLICE = 500;

	private final JdbcTemplate jdbc;

	public LedgerRepository(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** The fingerprints the ledger holds for these connectors of a tenant. */
	public Map<String, String> fingerprints(String tenant, Collection<String> connectorIds) {
		Map<String, String> fingerprints = new HashMap<>();
		lookUp("l.connector_id, l.fingerprint", tenant, connectorIds,
				rs -> fingerprints.put(rs.getString(1), rs.getString(2)));
		return fingerprints;
	}

	/**
	 * Everything the ledger holds for these connectors of a tenant, by connector id: what
	 * was last sent and the fingerprint of its secrets, when the row has them.
	 */
	public Map<String, LedgerEntry> entries(String tenant, Collection<String> connectorIds) {
		Map<String, LedgerEntry> entries = new HashMap<>();
		lookUp("l.connector_id, l.fingerprint, l.last_sent, l.secrets_fingerprint", tenant, connectorIds, rs -> entries
			.put(rs.getString(1), new LedgerEntry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4))));
		return entries;
	}

	private void lookUp(String columns, String tenant, Collection<String> connectorIds, RowCallbackHandler rows) {
		List<String> ids = List.copyOf(connectorIds);
		for (int from = 0; from < ids.size(); from += LOOKUP_SLICE) {
			List<String> slice = ids.subList(from, Math.min(ids.size(), from + LOOKUP_SLICE));
			List<Object> args = new ArrayList<>(slice);
			args.add(tenant);
			// The ids joined as a table, not "connector_id IN (...)": H2 then looks each
			// id up in the primary key instead of comparing the list with every connector
			// of the tenant. PostgreSQL does the same with either form.
			String values = String.join(", ", Collections.nCopies(slice.size(), "(?)"));
			jdbc.query("SELECT " + columns + " FROM sync_ledger l JOIN (VALUES " + values
					+ ") AS k(id) ON l.connector_id = k.id WHERE l.tenant = ?", rows, args.toArray());
		}
	}

	/** Records updates Cortex accepted, one entry per connector. */
	public void applied(String tenant, Collection<LedgerEntry> accepted, long jobInstanceId, Instant at) {
		if (accepted.isEmpty()) {
			return;
		}
		List<LedgerEntry> entries = List.copyOf(accepted);
		int[][] updated = jdbc.batchUpdate(
				"UPDATE sync_ledger SET fingerprint = ?, last_sent = ?, secrets_fingerprint = ?, job_instance_id = ?, "
						+ "applied_at = ? WHERE tenant = ? AND connector_id = ?",
				entries, entries.size(), (ps, entry) -> {
					ps.setString(1, entry.fingerprint());
					ps.setString(2, entry.lastSent());
					ps.setString(3, entry.secretsFingerprint());
					ps.setLong(4, jobInstanceId);
					ps.setTimestamp(5, Timestamp.from(at));
					ps.setString(6, tenant);
					ps.setString(7, entry.connectorId());
				});
		List<LedgerEntry> missing = new ArrayList<>();
		for (int i = 0; i < entries.size(); i++) {
			if (updated[0][i] == 0) {
				missing.add(entries.get(i));
			}
		}
		jdbc.batchUpdate(
				"INSERT INTO sync_ledger (tenant, connector_id, fingerprint, last_sent, secrets_fingerprint, "
						+ "job_instance_id, applied_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
				missing, Math.max(1, missing.size()), (ps, entry) -> {
					ps.setString(1, tenant);
					ps.setString(2, entry.connectorId());
					ps.setString(3, entry.fingerprint());
					ps.setString(4, entry.lastSent());
					ps.setString(5, entry.secretsFingerprint());
					ps.setLong(6, jobInstanceId);
					ps.setTimestamp(7, Timestamp.from(at));
				});
	}

	/**
	 * Forgets connectors Cortex does not know (404), so that the next run sends them
	 * again.
	 */
	public void forget(String tenant, Collection<String> connectorIds) {
		List<String> ids = List.copyOf(connectorIds);
		jdbc.batchUpdate("DELETE FROM sync_ledger WHERE tenant = ? AND connector_id = ?", ids, Math.max(1, ids.size()),
				(ps, id) -> {
					ps.setString(1, tenant);
					ps.setString(2, id);
				});
	}

}
