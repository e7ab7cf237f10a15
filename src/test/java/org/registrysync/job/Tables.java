package org.registrysync.job;

import java.util.List;
import java.util.Map;

import org.registrysync.support.Repository;

/** Reads every row of every table of a job repository, to search it. */
final class Tables {

	private Tables() {
	}

	static String dump(Repository repository) {
		List<Map<String, Object>> tables = repository.rows("SELECT table_name FROM information_schema.tables "
				+ "WHERE table_schema = CURRENT_SCHEMA AND table_type IN ('BASE TABLE', 'TABLE')");
		StringBuilder all = new StringBuilder();
		for (Map<String, Object> table : tables) {
			String name = (String) table.get("TABLE_NAME");
			all.append("== ").append(name).append('\n');
			for (Map<String, Object> row : repository.rows("SELECT * FROM \"" + name + "\"")) {
				all.append(row).append('\n');
			}
		}
		if (tables.size() < 10) {
			throw new IllegalStateException("expected the Batch and registry-sync tables, found " + tables);
		}
		return all.toString();
	}

}
