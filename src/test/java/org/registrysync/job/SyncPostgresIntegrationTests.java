package org.registrysync.job;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.registrysync.support.Databases;
import org.registrysync.support.Repository;

/** Sending updates, on a PostgreSQL job repository, one fresh schema per test. */
class SyncPostgresIntegrationTests extends AbstractSyncIntegrationTests {

	private Repository repository;

	@BeforeEach
	void createSchema() {
		repository = Databases.postgres();
	}

	@AfterEach
	void dropSchema() {
		Databases.drop(repository);
	}

	@Override
	Repository repository() {
		return repository;
	}

}
