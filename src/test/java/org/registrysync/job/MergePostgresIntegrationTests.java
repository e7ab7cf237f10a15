package org.registrysync.job;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.registrysync.support.PostgresSchema;
import org.registrysync.support.Repository;

/** Merge mode on a PostgreSQL job repository, one fresh schema per test. */
class MergePostgresIntegrationTests extends AbstractMergeIntegrationTests {

	@RegisterExtension
	final PostgresSchema postgres = new PostgresSchema();

	@Override
	Repository repository() {
		return postgres.repository();
	}

}
