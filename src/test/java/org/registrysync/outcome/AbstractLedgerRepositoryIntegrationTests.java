package org.registrysync.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.registrysync.support.Repository;

/** The ledger on a real database: lookups of many connectors at once, and updates. */
abstract class AbstractLedgerRepositoryIntegrationTests {

	private static final String HEX_A = "a".repeat(64);

	private static final String HEX_B = "0123456789abcdef".repeat(4);

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
		List<LedgerEntry> applied = new ArrayList<>();
		for (int i = 1; i <= 1_200; i++) {
			applied.add(entry("rc-" + i, "fingerprint-" + i));
		}
		ledger.applied("https://api-a.example.com", applied, 1, Instant.parse("2026-11-27T02:00:00Z"));
		ledger.applied("https://api-b.example.com", List.of(entry("rc-7", "other")), 2,
				Instant.parse("2026-11-27T02:00:00Z"));
		List<String> asked = new ArrayList<>(applied.stream().map(LedgerEntry::connectorId).toList());
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
		Map<String, LedgerEntry> entries = ledger.entries("https://api-a.example.com", asked);
		assertThat(entries).hasSize(1_200).doesNotContainKey("rc-unknown");
		assertThat(entries.get("rc-1200")).isEqualTo(entry("rc-1200", "fingerprint-1200"));
		assertThat(ledger.entries("https://api-b.example.com", List.of("rc-7"))).containsOnlyKeys("rc-7");
		assertThat(ledger.entries("https://api-a.example.com", List.of())).isEmpty();
	}

	@Test
	void anUpdateReplacesTheFingerprint() {
		// given
		ledger.applied("https://api-a.example.com", List.of(entry("rc-1", "old"), entry("rc-2", "kept")), 1,
				Instant.parse("2026-11-26T02:00:00Z"));

		// when
		ledger.applied("https://api-a.example.com", List.of(entry("rc-1", "new")), 2,
				Instant.parse("2026-11-27T02:00:00Z"));

		// then
		assertThat(ledger.fingerprints("https://api-a.example.com", List.of("rc-1", "rc-2")))
			.containsOnly(Map.entry("rc-1", "new"), Map.entry("rc-2", "kept"));
		assertThat(ledger.entries("https://api-a.example.com", List.of("rc-1", "rc-2")))
			.containsOnly(Map.entry("rc-1", entry("rc-1", "new")), Map.entry("rc-2", entry("rc-2", "kept")));
		assertThat(repository().count("SELECT COUNT(*) FROM sync_ledger WHERE job_instance_id = 2")).isOne();
	}

	@Test
	void theBodyLastSentAndTheSecretsFingerprintRoundTripUpToTheInventorysStringBounds() {
		// given: a body with several strings at the bound of 262,144 characters, some of
		// them escaped in JSON, and characters beyond the BMP
		String longest = "x".repeat(262_144);
		String escaped = "\\n\\u0000".repeat(262_144 / 4);
		String body = "{\"connector_id\":\"rc-1\",\"name\":\"Registry \uD83D\uDE80 ü\",\"ca_certificate\":\"" + longest
				+ "\",\"repository\":\"" + escaped + "\",\"url\":\"" + longest + "\"}";
		LedgerEntry entry = new LedgerEntry("rc-1", HEX_A, body, HEX_B);

		// when
		ledger.applied("https://api-a.example.com", List.of(entry), 1, Instant.parse("2026-11-27T02:00:00Z"));

		// then
		LedgerEntry found = ledger.entries("https://api-a.example.com", List.of("rc-1")).get("rc-1");
		assertThat(found).isEqualTo(entry);
		assertThat(found.lastSent()).hasSize(body.length()).hasSizeGreaterThan(1_000_000);
	}

	@Test
	void anUpdateReplacesTheBodyAndTheSecretsFingerprintOfARowWrittenWithoutThem() {
		// given: a row as it was written before the ledger kept the body: only the first
		// columns
		repository().jdbc()
			.update("INSERT INTO sync_ledger (tenant, connector_id, fingerprint, job_instance_id, applied_at) "
					+ "VALUES (?, ?, ?, ?, ?)", "https://api-a.example.com", "rc-1", HEX_A, 1,
					java.sql.Timestamp.from(Instant.parse("2026-11-26T02:00:00Z")));

		// when: it is read, then replaced
		Map<String, LedgerEntry> before = ledger.entries("https://api-a.example.com", List.of("rc-1"));
		LedgerEntry applied = new LedgerEntry("rc-1", HEX_B, "{\"connector_id\":\"rc-1\"}", HEX_A);
		ledger.applied("https://api-a.example.com", List.of(applied), 2, Instant.parse("2026-11-27T02:00:00Z"));

		// then
		assertThat(before).containsOnly(Map.entry("rc-1", new LedgerEntry("rc-1", HEX_A, null, null)));
		assertThat(ledger.fingerprints("https://api-a.example.com", List.of("rc-1")))
			.containsOnly(Map.entry("rc-1", HEX_B));
		assertThat(ledger.entries("https://api-a.example.com", List.of("rc-1")))
			.containsOnly(Map.entry("rc-1", applied));
		Map<String, Object> row = repository().rows("SELECT last_sent, secrets_fingerprint FROM sync_ledger")
			.getFirst();
		assertThat(row.get("LAST_SENT")).isEqualTo("{\"connector_id\":\"rc-1\"}");
		assertThat(row.get("SECRETS_FINGERPRINT")).isEqualTo(HEX_A);
	}

	private static LedgerEntry entry(String connectorId, String fingerprint) {
		return new LedgerEntry(connectorId, fingerprint, "{\"connector_id\":\"" + connectorId + "\"}", HEX_B);
	}

}
