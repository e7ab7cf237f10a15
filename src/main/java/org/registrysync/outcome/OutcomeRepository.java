package org.registrysync.outcome;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

/**
 * The {@code sync_outcome} table. Rows are written in the chunk's transaction, so a
 * record's outcome is committed together with the reader position that passed it: after a
 * restart every record has exactly one row. Reads stream rows in inventory order, never
 * holding a run's rows in memory. Thread-safe.
 */
public class OutcomeRepository {

	private static final String INSERT = """
			INSERT INTO sync_outcome (job_instance_id, job_execution_id, record_number, connector_id, source, outcome,
			    message, http_status, error_code, attempts, duration_ms, started_at, finished_at, changes, drift)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

	private static final String COLUMNS = """
			job_instance_id, job_execution_id, record_number, connector_id, source, outcome, message, http_status,
			error_code, attempts, duration_ms, started_at, finished_at, changes, drift""";

	private final JdbcTemplate jdbc;

	public OutcomeRepository(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** Inserts the outcomes of one chunk in one batch. */
	public void insert(List<OutcomeRow> rows) {
		if (rows.isEmpty()) {
			return;
		}
		jdbc.batchUpdate(INSERT, rows, rows.size(), (ps, row) -> {
			ps.setLong(1, row.jobInstanceId());
			ps.setLong(2, row.jobExecutionId());
			ps.setLong(3, row.recordNumber());
			ps.setString(4, row.connectorId());
			ps.setString(5, row.source());
			ps.setString(6, row.outcome().name());
			ps.setString(7, row.message());
			if (row.httpStatus() != null) {
				ps.setInt(8, row.httpStatus());
			}
			else {
				ps.setNull(8, Types.INTEGER);
			}
			ps.setString(9, row.errorCode());
			ps.setInt(10, row.attempts());
			ps.setLong(11, row.durationMs());
			ps.setTimestamp(12, Timestamp.from(row.startedAt()));
			ps.setTimestamp(13, Timestamp.from(row.finishedAt()));
			ps.setString(14, row.changes());
			if (row.drift() != null) {
				ps.setBoolean(15, row.drift());
			}
			else {
				ps.setNull(15, Types.BOOLEAN);
			}
		});
	}

	/** How many records of a run have each outcome; every outcome is a key. */
	public Map<Outcome, Long> counts(long jobInstanceId) {
		Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);
		for (Outcome outcome : Outcome.values()) {
			counts.put(outcome, 0L);
		}
		jdbc.query("SELECT outcome, COUNT(*) FROM sync_outcome WHERE job_instance_id = ? GROUP BY outcome",
				(RowCallbackHandler) rs -> counts.put(Outcome.valueOf(rs.getString(1)), rs.getLong(2)), jobInstanceId);
		return counts;
	}

	/** Streams a run's rows in inventory order. */
	public void forEach(long jobInstanceId, Consumer<OutcomeRow> action) {
		stream("SELECT " + COLUMNS + " FROM sync_outcome WHERE job_instance_id = ? ORDER BY record_number", action,
				jobInstanceId);
	}

	/** How many records of a run were found drifted (SPEC §5). */
	public long drifted(long jobInstanceId) {
		Long count = jdbc.queryForObject("SELECT COUNT(*) FROM sync_outcome WHERE job_instance_id = ? AND drift = TRUE",
				Long.class, jobInstanceId);
		return count == null ? 0 : count;
	}

	/**
	 * Streams a run's rows that change their connector (PLANNED or UPDATED) and whose
	 * changes are known, or that drifted, in inventory order.
	 */
	public void forEachChange(long jobInstanceId, Consumer<OutcomeRow> action) {
		stream("SELECT " + COLUMNS + " FROM sync_outcome WHERE job_instance_id = ? AND ((outcome IN ('PLANNED', "
				+ "'UPDATED') AND changes IS NOT NULL) OR drift = TRUE) ORDER BY record_number", action, jobInstanceId);
	}

	/** How many records of a run change their connector without known field changes. */
	public long changesUnknown(long jobInstanceId) {
		Long count = jdbc.queryForObject("SELECT COUNT(*) FROM sync_outcome WHERE job_instance_id = ? AND outcome IN "
				+ "('PLANNED', 'UPDATED') AND changes IS NULL", Long.class, jobInstanceId);
		return count == null ? 0 : count;
	}

	/** Streams a run's EXPORTED rows that carry a note, in id order. */
	public void forEachExportNote(long jobInstanceId, Consumer<OutcomeRow> action) {
		stream("SELECT " + COLUMNS + " FROM sync_outcome WHERE job_instance_id = ? AND outcome = 'EXPORTED' AND "
				+ "message IS NOT NULL ORDER BY record_number", action, jobInstanceId);
	}

	/** Streams a run's rows whose connector is not in sync, in inventory order. */
	public void forEachProblem(long jobInstanceId, Consumer<OutcomeRow> action) {
		stream("SELECT " + COLUMNS + " FROM sync_outcome WHERE job_instance_id = ? AND outcome IN ('INVALID', "
				+ "'NOT_FOUND', 'FAILED') ORDER BY record_number", action, jobInstanceId);
	}

	private void stream(String sql, Consumer<OutcomeRow> action, Object... args) {
		jdbc.query(connection -> {
			var statement = connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
			statement.setFetchSize(500);
			for (int i = 0; i < args.length; i++) {
				statement.setObject(i + 1, args[i]);
			}
			return statement;
		}, (RowCallbackHandler) rs -> action.accept(row(rs)));
	}

	private static OutcomeRow row(ResultSet rs) throws SQLException {
		int status = rs.getInt("http_status");
		Integer httpStatus = rs.wasNull() ? null : status;
		return new OutcomeRow(rs.getLong("job_instance_id"), rs.getLong("job_execution_id"),
				rs.getLong("record_number"), rs.getString("connector_id"), rs.getString("source"),
				Outcome.valueOf(rs.getString("outcome")), rs.getString("message"), httpStatus,
				rs.getString("error_code"), rs.getInt("attempts"), rs.getLong("duration_ms"),
				rs.getTimestamp("started_at").toInstant(), rs.getTimestamp("finished_at").toInstant(),
				rs.getString("changes"), drift(rs));
	}

	private static @Nullable Boolean drift(ResultSet rs) throws SQLException {
		boolean drift = rs.getBoolean("drift");
		return rs.wasNull() ? null : drift;
	}

}
