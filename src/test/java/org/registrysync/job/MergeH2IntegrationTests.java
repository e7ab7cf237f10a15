package org.registrysync.job;

import org.registrysync.support.Repository;

/** Merge mode, on the default H2 file repository. */
class MergeH2IntegrationTests extends AbstractMergeIntegrationTests {

	@Override
	Repository repository() {
		return Repository.h2(dir);
	}

}
