package org.registrysync.job;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.registrysync.support.Databases;
import org.registrysync.support.Repository;

/** The dry run on a PostgreSQL job repository, one fresh schema per test. */
class DryRunPostgresIntegrationTests extends AbstractDryRunIntegrationTests {

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
