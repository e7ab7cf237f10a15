package org.registrysync.outcome;

import java.sql.Timestamp;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/** The {@code sync_run} table. Thread-safe. */
public class RunRepository {

	private static final RowMapper<SyncRun> ROW = (rs, n) -> new SyncRun(rs.getLong("job_instance_id"),
			rs.getString("run_key"), rs.getLong("run_seq"), rs.getString("inventory"), rs.getString("inventory_sha256"),
			rs.getString("tenant"), rs.getBoolean("dry_run"), rs.getLong("records"),
			rs.getTimestamp("created_at").toInstant());

	private final JdbcTemplate jdbc;

	public RunRepository(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** The most recent run with this key. */
	public Optional<SyncRun> latest(String runKey) {
		return jdbc
			.query("SELECT * FROM sync_run WHERE run_key = ? ORDER BY run_seq DESC FETCH FIRST 1 ROWS ONLY", ROW,
					runKey)
			.stream()
			.findFirst();
	}

	/** The run of a job instance. */
	public Optional<SyncRun> find(long jobInstanceId) {
		return jdbc.query("SELECT * FROM sync_run WHERE job_instance_id = ?", ROW, jobInstanceId).stream().findFirst();
	}

	public void insert(SyncRun run) {
		jdbc.update("""
				INSERT INTO sync_run (job_instance_id, run_key, run_seq, inventory, inventory_sha256, tenant, dry_run,
				    records, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""", run.jobInstanceId(), run.runKey(), run.runSeq(), run.inventory(),
				run.inventorySha256(), run.tenant(), run.dryRun(), run.records(), Timestamp.from(run.createdAt()));
	}

}
