package org.registrysync.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registrysync.inventory.DuplicateIds;
import org.registrysync.inventory.InventoryFile;
import org.registrysync.inventory.InventoryRecord;
import org.registrysync.inventory.RecordParser;
import org.registrysync.mapping.ConnectorMapper;
import org.registrysync.mapping.RequestBodies;
import org.registrysync.mapping.SecretResolver;
import org.registrysync.outcome.LedgerRepository;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionOperations;

class ConnectorPlannerTests {

	@TempDir
	Path dir;

	private List<InventoryRecord> records(String... rows) throws IOException {
		Path file = Files.writeString(dir.resolve("connectors.csv"),
				AbstractSyncIntegrationTests.HEADER + String.join("", rows));
		List<InventoryRecord> records = new ArrayList<>();
		try (RecordParser parser = InventoryFile.of(file).open()) {
			for (InventoryRecord record; (record = parser.next()) != null;) {
				records.add(record);
			}
		}
		return records;
	}

	@Test
	void aSecretThatCanNoLongerBeReadWhenTheRequestIsWrittenMakesTheRecordInvalid() throws IOException {
		// given: the variable is there when the record is validated, gone when its
		// request is written
		ConnectorMapper validation = new ConnectorMapper(new SecretResolver(Map.of("RS_TOKEN", "tok-1")::get));
		RequestBodies sending = new RequestBodies(new SecretResolver(name -> null));
		ConnectorPlanner planner = new ConnectorPlanner(validation, DuplicateIds.none(), Set.of(), sending, null,
				new LedgerRepository(new JdbcTemplate()), "-", false, CompareMode.LEDGER, true, null,
				TransactionOperations.withoutTransaction());

		// when
		List<SyncItem> items = planner
			.plan(records("rc-1,DOCKER,n,https://r.example,u,p,${env:RS_TOKEN},CLOUD,r,false,ALL\n",
					"rc-2,DOCKER,n,https://r.example,u,p,t,CLOUD,r,false,ALL\n"));

		// then
		assertThat(items).hasSize(2);
		assertThat(items.get(0))
			.isInstanceOfSatisfying(SyncItem.Rejected.class, rejected -> assertThat(rejected.problems())
				.isEqualTo("auth_token: ${env:RS_TOKEN} cannot be resolved: RS_TOKEN is not set in the environment"));
		assertThat(items.get(1)).isInstanceOf(SyncItem.Planned.class);
	}

}
