package org.registrysync.outcome;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.registrysync.support.PostgresSchema;
import org.registrysync.support.Repository;

class LedgerRepositoryPostgresIntegrationTests extends AbstractLedgerRepositoryIntegrationTests {

	@RegisterExtension
	final PostgresSchema postgres = new PostgresSchema();

	@Override
	protected Repository repository() {
		return postgres.repository();
	}

}
