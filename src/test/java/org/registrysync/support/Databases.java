package org.registrysync.support;

import java.util.Locale;
import java.util.UUID;

import org.junit.jupiter.api.Assumptions;
import org.springframework.jdbc.core.JdbcTemplate;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The PostgreSQL server for the tests that need one: the server named by
 * {@value #POSTGRES_URL} (with {@value #POSTGRES_USER} and {@value #POSTGRES_PASSWORD}),
 * else a Testcontainers server where Docker runs, else none: the test is skipped with a
 * notice on standard error. CI sets the variable and fails when these tests were skipped.
 */
public final class Databases {

	public static final String POSTGRES_URL = "REGISTRY_SYNC_TEST_POSTGRES_URL";

	public static final String POSTGRES_USER = "REGISTRY_SYNC_TEST_POSTGRES_USER";

	public static final String POSTGRES_PASSWORD = "REGISTRY_SYNC_TEST_POSTGRES_PASSWORD";

	private static PostgreSQLContainer container;

	private Databases() {
	}

	/**
	 * A fresh schema on the PostgreSQL server, as the job repository of one test; aborts
	 * the test when there is no server.
	 */
	public static Repository postgres() {
		Repository server = server();
		String schema = "rs_test_"
				+ UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
		server.jdbc().execute("CREATE SCHEMA " + schema);
		String separator = server.url().contains("?") ? "&" : "?";
		return new Repository(server.url() + separator + "currentSchema=" + schema, server.username(),
				server.password());
	}

	/** Drops the schema a test used. */
	public static void drop(Repository repository) {
		String url = repository.url();
		String schema = url.substring(url.indexOf("currentSchema=") + "currentSchema=".length());
		new JdbcTemplate(repository.jdbc().getDataSource()).execute("DROP SCHEMA " + schema + " CASCADE");
	}

	private static synchronized Repository server() {
		String url = System.getenv(POSTGRES_URL);
		if (url != null && !url.isBlank()) {
			String user = System.getenv().getOrDefault(POSTGRES_USER, "postgres");
			String password = System.getenv().getOrDefault(POSTGRES_PASSWORD, "");
			return new Repository(url, user, password);
		}
		if (container == null) {
			boolean docker;
			try {
				docker = DockerClientFactory.instance().isDockerAvailable();
			}
			catch (RuntimeException e) {
				docker = false;
			}
			if (!docker) {
				String notice = "PostgreSQL tests SKIPPED: set " + POSTGRES_URL
						+ " (e.g. jdbc:postgresql://127.0.0.1:5432/test) or run where Docker is available";
				System.err.println("*** " + notice);
				Assumptions.abort(notice);
			}
			container = new PostgreSQLContainer("postgres:16-alpine");
			container.start();
		}
		return new Repository(container.getJdbcUrl(), container.getUsername(), container.getPassword());
	}

}
