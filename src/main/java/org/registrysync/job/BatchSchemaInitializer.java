package org.registrysync.job;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Objects;

import javax.sql.DataSource;

import org.springframework.boot.batch.jdbc.autoconfigure.BatchDataSourceScriptDatabaseInitializer;
import org.springframework.boot.batch.jdbc.autoconfigure.BatchJdbcProperties;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * Creates Spring Batch's tables on the first run only. Boot's initializer runs Batch's
 * schema script at every start ({@code spring.batch.jdbc.initialize-schema=always}) and
 * ignores the failure of each {@code CREATE TABLE} for a table that is there; H2 writes
 * each such failure, with its stack trace, to the database's {@code .trace.db} file,
 * which so grew at every run.
 */
class BatchSchemaInitializer extends BatchDataSourceScriptDatabaseInitializer {

	private final DataSource dataSource;

	private final String jobInstanceTable;

	BatchSchemaInitializer(DataSource dataSource, BatchJdbcProperties properties) {
		super(dataSource, properties);
		this.dataSource = dataSource;
		this.jobInstanceTable = Objects.requireNonNullElse(properties.getTablePrefix(), "BATCH_") + "JOB_INSTANCE";
	}

	@Override
	public boolean initializeDatabase() {
		return !exists(jobInstanceTable) && super.initializeDatabase();
	}

	private boolean exists(String table) {
		Connection connection = DataSourceUtils.getConnection(dataSource);
		try {
			DatabaseMetaData metadata = connection.getMetaData();
			// H2 keeps unquoted names in upper case, PostgreSQL in lower case.
			for (String name : new String[] { table.toUpperCase(Locale.ROOT), table.toLowerCase(Locale.ROOT) }) {
				try (ResultSet tables = metadata.getTables(connection.getCatalog(), connection.getSchema(), name,
						new String[] { "TABLE" })) {
					if (tables.next()) {
						return true;
					}
				}
			}
			return false;
		}
		catch (SQLException e) {
			// Let the script try, as Boot's initializer would.
			return false;
		}
		finally {
			DataSourceUtils.releaseConnection(connection, dataSource);
		}
	}

}
