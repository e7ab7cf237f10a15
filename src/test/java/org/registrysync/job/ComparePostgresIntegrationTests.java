package org.registrysync.job;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.registrysync.support.PostgresSchema;
import org.registrysync.support.Repository;

/**
 * Field-level changes and drift on a PostgreSQL job repository, one fresh schema per
 * test.
 */
class ComparePostgresIntegrationTests extends AbstractCompareIntegrationTests {

	@RegisterExtension
	final PostgresSchema postgres = new PostgresSchema();

	@Override
	Repository repository() {
		return postgres.repository();
	}

}
