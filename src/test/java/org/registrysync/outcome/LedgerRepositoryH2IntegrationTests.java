package org.registrysync.outcome;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import org.registrysync.support.Repository;

class LedgerRepositoryH2IntegrationTests extends AbstractLedgerRepositoryIntegrationTests {

	@TempDir
	Path dir;

	@Override
	protected Repository repository() {
		return Repository.h2(dir);
	}

}
