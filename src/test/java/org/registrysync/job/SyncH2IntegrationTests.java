package org.registrysync.job;

import org.registrysync.support.Repository;

/** Sending updates, on the default H2 file repository. */
class SyncH2IntegrationTests extends AbstractSyncIntegrationTests {

	@Override
	Repository repository() {
		return Repository.h2(dir);
	}

}
