package org.registrysync.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.registrysync.client.Sha256;
import org.registrysync.support.ChildJvm;
import org.registrysync.support.FakeCortex;
import org.registrysync.support.PostgresSchema;

/**
 * A run whose lock session on PostgreSQL ends stops at its next commit rather than run
 * beside another.
 */
class RunLockPostgresIntegrationTests {

	@RegisterExtension
	final PostgresSchema postgres = new PostgresSchema();

	@TempDir
	Path dir;

	private final FakeCortex cortex = new FakeCortex();

	@AfterEach
	void stopCortex() {
		cortex.close();
	}

	@Test
	void aRunThatLosesItsLockStopsAtTheNextChunk() throws Exception {
		// given: a slow run in a JVM of its own
		cortex.onEveryUpdate(FakeCortex.accepted().withFixedDelay(50));
		StringBuilder inventory = new StringBuilder(AbstractSyncIntegrationTests.HEADER);
		for (int i = 1; i <= 200; i++) {
			inventory.append("rc-").append(i).append(",DOCKER,n,https://r.example,u,p,t,CLOUD,r,false,ALL\n");
		}
		Path file = Files.writeString(dir.resolve("connectors.csv"), inventory);
		List<String> args = new ArrayList<>(postgres.repository().arguments());
		args.addAll(List.of("--sync.inventory=" + file, "--sync.chunk-size=10", "--sync.rate-limit=50"));
		args.addAll(cortex.arguments("key-0123456789abcdef"));
		Process process = ChildJvm.start(args, dir.resolve("run.log"));
		// and another client of the server holding an advisory lock of its own
		Connection bystander = postgres.repository().jdbc().getDataSource().getConnection();
		try (Statement statement = bystander.createStatement()) {
			statement.execute("SELECT pg_advisory_lock(424242)");
		}
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (cortex.updates().size() < 30 && process.isAlive() && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}

		// when: the session holding its lock ends, as a dropped connection would; only
		// that
		// one, found by the lock's key in this database (the server may be shared)
		long key = lockKey("tenant " + cortex.baseUrl());
		int ended = postgres.repository()
			.jdbc()
			.queryForObject("SELECT COUNT(pg_terminate_backend(pid)) FROM pg_locks WHERE locktype = 'advisory' "
					+ "AND granted AND objsubid = 1 AND classid = ?::bigint::oid AND objid = ?::bigint::oid "
					+ "AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
					+ "AND pid <> pg_backend_pid()", Integer.class, key >>> 32, key & 0xFFFF_FFFFL);

		// then
		assertThat(ended).isEqualTo(1);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).isEqualTo(1);
		assertThat(Files.readString(dir.resolve("run.log"))).contains("the run lost its lock in the job repository");
		assertThat(cortex.updates().size()).isLessThan(200);
		try (bystander;
				Statement statement = bystander.createStatement();
				ResultSet held = statement.executeQuery("SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' "
						+ "AND objid = 424242 AND pid = pg_backend_pid()")) {
			assertThat(held.next()).isTrue();
			assertThat(held.getInt(1)).as("the other client's lock").isEqualTo(1);
		}
	}

	/**
	 * The run lock's advisory lock key, as {@link RunLock} derives it: PostgreSQL shows a
	 * 64-bit key in pg_locks as classid (high half), objid (low half) and objsubid 1.
	 */
	private static long lockKey(String name) {
		return Long.parseUnsignedLong(Sha256.hex("registry-sync " + name).substring(0, 16), 16);
	}

}
