package org.registrysync.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.registrysync.support.FakeCortex.accepted;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.registrysync.support.Cli;
import org.registrysync.support.FakeCortex;
import org.registrysync.support.PostgresSchema;

/**
 * No database transaction waits on Cortex (SPEC §4): on a PostgreSQL whose sessions end
 * any transaction left idle for 2 s, a run whose Cortex answers after 3 s completes with
 * every outcome recorded.
 */
class TransactionsPostgresIntegrationTests {

	private static final String IDLE_TIMEOUT = "SET idle_in_transaction_session_timeout = '2s'";

	@RegisterExtension
	final PostgresSchema postgres = new PostgresSchema();

	@TempDir
	Path dir;

	private FakeCortex cortex;

	@BeforeEach
	void startCortex() {
		cortex = new FakeCortex();
	}

	@AfterEach
	void stopCortex() {
		cortex.close();
	}

	private List<String> args(Path inventory) {
		List<String> args = new ArrayList<>(postgres.repository().arguments());
		// Every session of the job repository ends a transaction left idle for 2 s, as
		// a server or pooler that enforces idle_in_transaction_session_timeout does.
		args.add("--spring.datasource.hikari.connection-init-sql=" + IDLE_TIMEOUT);
		args.add("--sync.inventory=" + inventory);
		args.add("--sync.chunk-size=2");
		args.addAll(cortex.arguments("key-5d2a8c0e7b4f1a93c6e0d8b2a5f7c1e4"));
		return args;
	}

	@Test
	void theServerEndsATransactionLeftIdleForTwoSeconds() throws SQLException {
		// The setting this test relies on does what it says.
		try (Connection connection = postgres.repository().jdbc().getDataSource().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute(IDLE_TIMEOUT);
			connection.setAutoCommit(false);
			statement.execute("SELECT 1");
			sleep(2_500);
			assertThatThrownBy(() -> statement.execute("SELECT 1")).isInstanceOf(SQLException.class);
		}
	}

	@Test
	void aRunWhoseCortexAnswersAfterThreeSecondsCompletesWithEveryOutcomeRecorded() throws IOException {
		// given
		cortex.onEveryUpdate(accepted().withFixedDelay(3_000));
		StringBuilder text = new StringBuilder(AbstractSyncIntegrationTests.HEADER);
		for (int i = 1; i <= 5; i++) {
			text.append("rc-").append(i).append(",DOCKER,n,https://r.example,u,p,t,CLOUD,r,false,ALL\n");
		}
		Path inventory = Files.writeString(dir.resolve("connectors.csv"), text);

		// when
		Cli.Result result = Cli.run(args(inventory).toArray(String[]::new));

		// then
		assertThat(result.exitCode()).as(result.all()).isZero();
		assertThat(postgres.repository().rows("SELECT outcome, COUNT(*) AS n FROM sync_outcome GROUP BY outcome"))
			.extracting(row -> row.get("outcome") + " " + row.get("n"))
			.containsExactly("UPDATED 5");
		assertThat(postgres.repository().count("SELECT COUNT(*) FROM sync_ledger")).isEqualTo(5);
		assertThat(cortex.updatesPerConnector()).hasSize(5);

		// when: the next night, the ledger is read in every chunk and nothing is sent
		Cli.Result next = Cli.run(args(inventory).toArray(String[]::new));

		// then
		assertThat(next.exitCode()).as(next.all()).isZero();
		assertThat(next.out()).contains("UNCHANGED 5");
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

}
