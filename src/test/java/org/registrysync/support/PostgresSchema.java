package org.registrysync.support;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A job repository on PostgreSQL for each test: a fresh schema before it, dropped after
 * it ({@link Databases#postgres()}). Register it with {@code @RegisterExtension}.
 */
public final class PostgresSchema implements BeforeEachCallback, AfterEachCallback {

	private Repository repository;

	@Override
	public void beforeEach(ExtensionContext context) {
		repository = Databases.postgres();
	}

	@Override
	public void afterEach(ExtensionContext context) {
		if (repository != null) {
			Databases.drop(repository);
			repository = null;
		}
	}

	/** The current test's repository. */
	public Repository repository() {
		if (repository == null) {
			throw new IllegalStateException("no PostgreSQL schema outside a test");
		}
		return repository;
	}

}
