package org.registrysync.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.registrysync.support.Repository;

/** The ledger on a real database: lookups of many connectors at once, and updates. */
abstract class AbstractLedgerRepositoryIntegrationTests {

	private LedgerRepository ledger;

	/** The job repository of the current test. */
	protected abstract Repository repository();

	@BeforeEach
	void migrate() {
		Repository repository = repository();
		Flyway.configure()
			.dataSource(repository.url(), repository.username(), repository.password())
			.table("registry_sync_schema_history")
			.load()
			.migrate();
		ledger = new LedgerRepository(repository.jdbc());
	}

	@Test
	void looksUpMoreConnectorsThanOneQueryHoldsAndOnlyThoseOfTheTenant() {
		// given: 1,200 connectors applied on one tenant, one of them on another too
		Map<String, String> applied = new LinkedHashMap<>();
		for (int i = 1; i <= 1_200; i++) {
			applied.put("rc-" + i, "fingerprint-" + i);
		}
		ledger.applied("https://api-a.example.com", applied, 1, Instant.parse("2026-11-27T02:00:00Z"));
		ledger.applied("https://api-b.example.com", Map.of("rc-7", "other"), 2, Instant.parse("2026-11-27T02:00:00Z"));
		List<String> asked = new ArrayList<>(applied.keySet());
		asked.add("rc-unknown");

		// when
		Map<String, String> found = ledger.fingerprints("https://api-a.example.com", asked);

		// then
		assertThat(found).hasSize(1_200)
			.containsEntry("rc-1", "fingerprint-1")
			.containsEntry("rc-7", "fingerprint-7")
			.containsEntry("rc-501", "fingerprint-501")
			.containsEntry("rc-1200", "fingerprint-1200")
			.doesNotContainKey("rc-unknown");
		assertThat(ledger.fingerprints("https://api-b.example.com", List.of("rc-7", "rc-8")))
			.containsExactly(Map.entry("rc-7", "other"));
		assertThat(ledger.fingerprints("https://api-a.example.com", List.of())).isEmpty();
	}

	@Test
	void anUpdateReplacesTheFingerprint() {
		// given
		ledger.applied("https://api-a.example.com", Map.of("rc-1", "old", "rc-2", "kept"), 1,
				Instant.parse("2026-11-26T02:00:00Z"));

		// when
		ledger.applied("https://api-a.example.com", Map.of("rc-1", "new"), 2, Instant.parse("2026-11-27T02:00:00Z"));

		// then
		assertThat(ledger.fingerprints("https://api-a.example.com", List.of("rc-1", "rc-2")))
			.containsOnly(Map.entry("rc-1", "new"), Map.entry("rc-2", "kept"));
		assertThat(repository().count("SELECT COUNT(*) FROM sync_ledger WHERE job_instance_id = 2")).isOne();
	}

}
