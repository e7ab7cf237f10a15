package org.registrysync.job;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.registrysync.client.Sha256;

import org.springframework.dao.DataAccessResourceFailureException;

/**
 * One run at a time. On PostgreSQL a session-level advisory lock, held on a connection of
 * its own for the whole run, keyed by what the run touches: the tenant for a run that
 * sends, the run for a dry run. A second process asking for the same lock is refused at
 * once. On H2 the database file itself is locked by the process that opened it, so there
 * is nothing more to do; that holds only when each process opens the file itself, so H2
 * in server mode ({@code AUTO_SERVER=TRUE}, {@code jdbc:h2:tcp:}, {@code jdbc:h2:ssl:})
 * is refused at startup ({@link SyncConfigurationValidator}).
 */
public class RunLock {

	private final DataSource dataSource;

	/**
	 * The lock of the run on each thread: a run takes its lock, runs and lets it go on
	 * one thread, and a fleet runs its tenants on threads of their own.
	 */
	private final ThreadLocal<@Nullable Held> current = new ThreadLocal<>();

	public RunLock(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	/** A lock held until closed. */
	public interface Held extends AutoCloseable {

		/**
		 * Whether the lock is still held: on PostgreSQL, whether the session that holds
		 * it is alive.
		 */
		boolean valid();

		@Override
		void close();

	}

	/**
	 * Checks, before a chunk is committed, that the lock this thread took for its run is
	 * still held: were the session that holds it dropped (a network idle timeout, a
	 * failover), another process could take it and run alongside.
	 * @throws RunInProgressException when it is lost
	 */
	public void check() {
		Held held = current.get();
		if (held != null && !held.valid()) {
			throw new RunInProgressException("the run lost its lock in the job repository (the database session that "
					+ "held it ended); the run stops here and can be resumed");
		}
	}

	/**
	 * Takes the lock or fails at once.
	 * @throws RunInProgressException when another process holds it
	 */
	public Held acquire(String name) {
		try {
			Connection connection = dataSource.getConnection();
			try {
				if (!"PostgreSQL".equals(connection.getMetaData().getDatabaseProductName())) {
					// The H2 file stays locked to this process while a connection is
					// open:
					// held for the run, so that a pool that lets its idle connections go
					// cannot close the database, and so unlock the file, mid-run.
					return remember(new Held() {
						@Override
						public boolean valid() {
							return true;
						}

						@Override
						public void close() {
							current.remove();
							try {
								connection.close();
							}
							catch (SQLException e) {
								// Closing only gives the connection back to the pool.
							}
						}
					});
				}
				long key = key(name);
				connection.setAutoCommit(true);
				if (!query(connection, "SELECT pg_try_advisory_lock(?)", key)) {
					connection.close();
					throw new RunInProgressException(IN_PROGRESS);
				}
				return remember(new Held() {
					@Override
					public boolean valid() {
						try {
							return connection.isValid(5) && held(connection);
						}
						catch (SQLException e) {
							return false;
						}
					}

					@Override
					public void close() {
						current.remove();
						release(connection, key);
					}
				});
			}
			catch (SQLException | RuntimeException e) {
				connection.close();
				throw e;
			}
		}
		catch (SQLException e) {
			throw new DataAccessResourceFailureException("cannot lock the run in the job repository", e);
		}
	}

	private Held remember(Held held) {
		current.set(held);
		return held;
	}

	private static void release(Connection connection, long key) {
		try (connection) {
			query(connection, "SELECT pg_advisory_unlock(?)", key);
		}
		catch (SQLException e) {
			// Closing the session releases the lock all the same.
		}
	}

	/**
	 * Whether this session holds an advisory lock: the connection holds this run's lock
	 * and nothing else.
	 */
	private static boolean held(Connection connection) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(
				"SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = pg_backend_pid()");
				ResultSet result = statement.executeQuery()) {
			return result.next() && result.getLong(1) > 0;
		}
	}

	private static boolean query(Connection connection, String sql, long key) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setLong(1, key);
			try (ResultSet result = statement.executeQuery()) {
				return result.next() && result.getBoolean(1);
			}
		}
	}

	/** The first 64 bits of SHA-256 over the lock's name. */
	private static long key(String name) {
		return Long.parseUnsignedLong(Sha256.hex("registry-sync " + name).substring(0, 16), 16);
	}

	private static final String IN_PROGRESS = "another registry-sync process is running against this tenant and "
			+ "job repository; it was left alone and nothing was sent (run again once it has finished)";

	/** Another process is running the same sync, or could be: this run's lock is lost. */
	public static class RunInProgressException extends RuntimeException {

		public RunInProgressException(String message) {
			super(message);
		}

	}

}
