package org.registrysync.job;

import org.registrysync.support.Repository;

/** The dry run on the default job repository, an H2 file. */
class DryRunH2IntegrationTests extends AbstractDryRunIntegrationTests {

	@Override
	Repository repository() {
		return Repository.h2(dir);
	}

}
