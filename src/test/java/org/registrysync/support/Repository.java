package org.registrysync.support;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * A job repository database for a test: its URL for the command, and SQL to check what
 * the runs left in it.
 */
public record Repository(String url, String username, String password) {

	/**
	 * A fresh H2 file in a test's directory, with the settings of the default repository:
	 * WRITE_DELAY=0 writes every commit to the file at once, so that a killed process
	 * loses no committed chunk.
	 */
	public static Repository h2(Path dir) {
		return new Repository("jdbc:h2:file:" + dir.resolve("repository").toAbsolutePath() + ";WRITE_DELAY=0", "sa",
				"");
	}

	/** The properties that point the command at this database. */
	public List<String> arguments() {
		return List.of("--spring.datasource.url=" + url, "--spring.datasource.username=" + username,
				"--spring.datasource.password=" + password);
	}

	public JdbcTemplate jdbc() {
		SimpleDriverDataSource dataSource = new SimpleDriverDataSource();
		dataSource.setUrl(url);
		dataSource.setUsername(username);
		dataSource.setPassword(password);
		try {
			dataSource.setDriver(java.sql.DriverManager.getDriver(url));
		}
		catch (java.sql.SQLException e) {
			throw new IllegalStateException(e);
		}
		return new JdbcTemplate(dataSource);
	}

	public long count(String sql, Object... args) {
		Long count = jdbc().queryForObject(sql, Long.class, args);
		return count == null ? 0 : count;
	}

	public List<Map<String, Object>> rows(String sql, Object... args) {
		return jdbc().queryForList(sql, args);
	}

	/** How many records of the latest run ended with each outcome. */
	public Map<String, Long> latestOutcomes() {
		return rows("SELECT outcome, COUNT(*) AS n FROM sync_outcome WHERE job_instance_id = "
				+ "(SELECT MAX(job_instance_id) FROM sync_outcome) GROUP BY outcome")
			.stream()
			.collect(Collectors.toMap(r -> (String) r.get("OUTCOME"), r -> ((Number) r.get("N")).longValue()));
	}

}
