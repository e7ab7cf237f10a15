package org.registrysync.job;

import org.registrysync.support.Repository;

/** Restart on the default H2 file. */
class RestartH2IntegrationTests extends AbstractRestartIntegrationTests {

	@Override
	Repository repository() {
		return Repository.h2(dir);
	}

}
