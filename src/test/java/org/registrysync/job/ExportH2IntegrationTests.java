package org.registrysync.job;

import org.registrysync.support.Repository;

/** The export run, on the default H2 file repository. */
class ExportH2IntegrationTests extends AbstractExportIntegrationTests {

	@Override
	Repository repository() {
		return Repository.h2(dir);
	}

}
