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
 * update Cortex accepted. Written in the chunk's transaction, with the outcomes.
 * Thread-safe.
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
		List<String> ids = List.copyOf(connectorIds);
		for (int from = 0; from < ids.size(); from += LOOKUP_SLICE) {
			List<String> slice = ids.subList(from, Math.min(ids.size(), from + LOOKUP_SLICE));
			List<Object> args = new ArrayList<>(slice);
			args.add(tenant);
			// The ids joined as a table, not "connector_id IN (...)": H2 then looks each
			// id up in the primary key instead of comparing the list with every connector
			// of the tenant. PostgreSQL does the same with either form.
			String rows = String.join(", ", Collections.nCopies(slice.size(), "(?)"));
			jdbc.query(
					"SELECT l.connector_id, l.fingerprint FROM sync_ledger l JOIN (VALUES " + rows
							+ ") AS k(id) ON l.connector_id = k.id WHERE l.tenant = ?",
					(RowCallbackHandler) rs -> fingerprints.put(rs.getString(1), rs.getString(2)), args.toArray());
		}
		return fingerprints;
	}

	/** Records updates Cortex accepted. */
	public void applied(String tenant, Map<String, String> fingerprints, long jobInstanceId, Instant at) {
		if (fingerprints.isEmpty()) {
			return;
		}
		List<Map.Entry<String, String>> entries = List.copyOf(fingerprints.entrySet());
		int[][] updated = jdbc.batchUpdate(
				"UPDATE sync_ledger SET fingerprint = ?, job_instance_id = ?, applied_at = ? WHERE tenant = ? AND connector_id = ?",
				entries, entries.size(), (ps, entry) -> {
					ps.setString(1, entry.getValue());
					ps.setLong(2, jobInstanceId);
					ps.setTimestamp(3, Timestamp.from(at));
					ps.setString(4, tenant);
					ps.setString(5, entry.getKey());
				});
		List<Map.Entry<String, String>> missing = new ArrayList<>();
		for (int i = 0; i < entries.size(); i++) {
			if (updated[0][i] == 0) {
				missing.add(entries.get(i));
			}
		}
		jdbc.batchUpdate(
				"INSERT INTO sync_ledger (tenant, connector_id, fingerprint, job_instance_id, applied_at) VALUES (?, ?, ?, ?, ?)",
				missing, Math.max(1, missing.size()), (ps, entry) -> {
					ps.setString(1, tenant);
					ps.setString(2, entry.getKey());
					ps.setString(3, entry.getValue());
					ps.setLong(4, jobInstanceId);
					ps.setTimestamp(5, Timestamp.from(at));
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
