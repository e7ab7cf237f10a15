package org.registrysync.job;

import org.registrysync.support.Repository;

/** Field-level changes and drift, on the default H2 file repository. */
class CompareH2IntegrationTests extends AbstractCompareIntegrationTests {

	@Override
	Repository repository() {
		return Repository.h2(dir);
	}

}
