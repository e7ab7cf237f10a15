package org.registrysync.job;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.springframework.dao.DataAccessResourceFailureException;

/**
 * One run at a time. On PostgreSQL a session-level advisory lock, held on a connection of
 * its own for the whole run, keyed by what the run touches: the tenant for a run that
 * sends, the run for a dry run. A second process asking for the same lock is refused at
 * once. On H2 the database file itself is locked by the process that opened it, so there
 * is nothing more to do.
 */
public class RunLock {

	private final DataSource dataSource;

	public RunLock(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	/** A lock held until closed. */
	public interface Held extends AutoCloseable {

		@Override
		void close();

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
					connection.close();
					return () -> {
					};
				}
				long key = key(name);
				connection.setAutoCommit(true);
				if (!query(connection, "SELECT pg_try_advisory_lock(?)", key)) {
					connection.close();
					throw new RunInProgressException();
				}
				return () -> release(connection, key);
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

	private static void release(Connection connection, long key) {
		try (connection) {
			query(connection, "SELECT pg_advisory_unlock(?)", key);
		}
		catch (SQLException e) {
			// Closing the session releases the lock all the same.
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

	private static long key(String name) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256")
				.digest(("registry-sync " + name).getBytes(StandardCharsets.UTF_8));
			long key = 0;
			for (int i = 0; i < 8; i++) {
				key = (key << 8) | (hash[i] & 0xFF);
			}
			return key;
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("the JDK has no SHA-256", e);
		}
	}

	/** Another process is running the same sync. */
	public static class RunInProgressException extends RuntimeException {

		RunInProgressException() {
			super("another registry-sync process is running against this tenant and job repository; it was left "
					+ "alone and nothing was sent (run again once it has finished)");
		}

	}

}
