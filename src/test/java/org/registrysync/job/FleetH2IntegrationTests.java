package org.registrysync.job;

import org.registrysync.support.Repository;

/** Fleet runs on an H2 job repository in a fresh folder per test. */
class FleetH2IntegrationTests extends AbstractFleetIntegrationTests {

	@Override
	Repository repository() {
		return Repository.h2(dir);
	}

}
