package org.registrysync.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.registrysync.client.AuthMode;
import org.registrysync.mapping.SecretReference;

/** Reading and checking a fleet file ({@code sync.fleet}, SPEC §7). */
class FleetFileTests {

	private static final String ACME = """
			  - name: acme-prod
			    base-url: https://api-acme.xdr.us.paloaltonetworks.com
			    api-key-id: 42
			    api-key: ${file:/run/secrets/acme-prod/api-key}
			    inventory: inventories/acme-prod.csv
			    rate-limit: 8
			""";

	private static final String GLOBEX = """
			  - name: globex-staging
			    base-url: https://api-globex.xdr.eu.paloaltonetworks.com
			    api-key-id: "7"
			    api-key: ${env:GLOBEX_API_KEY}
			    auth-mode: advanced
			""";

	@TempDir
	Path dir;

	Path fleet(String tenants) throws IOException {
		return Files.writeString(dir.resolve("fleet.yml"), "tenants:\n" + tenants);
	}

	@Test
	void everyTenantIsReadWithItsSettingsAndItsKeyAsAReference() throws IOException {
		// when
		List<FleetFile.Tenant> tenants = FleetFile.load(fleet(ACME + GLOBEX));

		// then
		assertThat(tenants).hasSize(2);
		FleetFile.Tenant acme = tenants.get(0);
		assertThat(acme.name()).isEqualTo("acme-prod");
		assertThat(acme.baseUrl()).hasToString("https://api-acme.xdr.us.paloaltonetworks.com");
		assertThat(acme.apiKeyId()).isEqualTo("42");
		assertThat(acme.apiKey())
			.isEqualTo(new SecretReference(SecretReference.Kind.FILE, "/run/secrets/acme-prod/api-key"));
		assertThat(acme.inventory()).isEqualTo(dir.resolve("inventories/acme-prod.csv"));
		assertThat(acme.rateLimit()).isEqualTo(8);
		assertThat(acme.maxConcurrency()).isNull();
		assertThat(acme.authMode()).as("cortex.auth-mode").isNull();
		FleetFile.Tenant globex = tenants.get(1);
		assertThat(globex.position()).isEqualTo(1);
		assertThat(globex.authMode()).isEqualTo(AuthMode.ADVANCED);
		assertThat(globex.inventory()).isNull();
		assertThat(globex.toString()).contains("globex-staging")
			.contains("(a env reference)")
			.doesNotContain("GLOBEX_API_KEY");
	}

	@Test
	void aKeyWrittenInClearIsRefusedWithoutEchoingIt() throws IOException {
		// given
		Path file = fleet(ACME.replace("${file:/run/secrets/acme-prod/api-key}", "sk-live-9f8e7d6c5b4a"));

		// when, then
		assertThatIllegalArgumentException().isThrownBy(() -> FleetFile.load(file))
			.withMessageStartingWith(file + ":2: tenants[0] (acme-prod): api-key: is written in clear")
			.withMessageNotContaining("sk-live-9f8e7d6c5b4a");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"api-key-id: 42|                 |tenants[0] (acme-prod): api-key-id: required",
			"rate-limit: 8|rate-limit: 0     |tenants[0] (acme-prod): rate-limit: must be a whole number from 1 to 10000",
			"rate-limit: 8|rate-limt: 8      |tenants[0] (acme-prod): rate-limt: unknown field; did you mean rate-limit?",
			"https://api-acme.xdr.us.paloaltonetworks.com|https://user:pw@api-acme.example|tenants[0] (acme-prod): base-url: must not carry credentials",
			"https://api-acme.xdr.us.paloaltonetworks.com|https://api-acme.example/public_api|tenants[0] (acme-prod): base-url: must be https://api-{fqdn}",
			"name: acme-prod|name: acme prod |tenants[0] (acme prod): name: 1 to 64 letters" })
	void aTenantWithABadFieldIsRefusedNamingTheTenantAndTheField(String from, String to, String expected)
			throws IOException {
		// given
		String yaml = ACME.replace(from, to == null ? "" : to);
		Path file = fleet(yaml);

		// when, then
		assertThatIllegalArgumentException().isThrownBy(() -> FleetFile.load(file))
			.withMessageStartingWith(file + ":2: " + expected)
			.withMessageNotContaining("pw@");
	}

	@Test
	void valuesAreTakenAsWrittenAndAKeyGivenTwiceOrPlainHttpIsRefused() throws IOException {
		// given
		Path octal = fleet(ACME.replace("api-key-id: 42", "api-key-id: 010"));
		Path twice = Files.writeString(dir.resolve("twice.yml"),
				"tenants:\n" + ACME.replace("    rate-limit: 8\n", "    rate-limit: 8\n    rate-limit: 9\n"));
		Path http = Files.writeString(dir.resolve("http.yml"),
				"tenants:\n" + ACME.replace("https://api-acme.xdr", "http://api-acme.xdr"));

		// when, then
		assertThat(FleetFile.load(octal).getFirst().apiKeyId()).isEqualTo("010");
		assertThatIllegalArgumentException().isThrownBy(() -> FleetFile.load(twice))
			.withMessageStartingWith(twice + ":2: tenants[0]: rate-limit: given twice (line 8)");
		assertThatIllegalArgumentException().isThrownBy(() -> FleetFile.load(http))
			.withMessageContaining("base-url: must use https");
	}

	@Test
	void twoTenantsWithOneNameOrOneBaseUrlAreRefused() throws IOException {
		// given
		Path sameName = fleet(ACME + GLOBEX.replace("globex-staging", "acme-prod"));
		Path sameUrl = Files.writeString(dir.resolve("same-url.yml"),
				"tenants:\n" + ACME + GLOBEX.replace("https://api-globex.xdr.eu.paloaltonetworks.com",
						"https://API-acme.xdr.us.paloaltonetworks.com:443/"));

		// when, then
		assertThatIllegalArgumentException().isThrownBy(() -> FleetFile.load(sameName))
			.withMessage(sameName
					+ ":8: tenants[1] (acme-prod): name: already the name of tenants[0]; each tenant has its own");
		assertThatIllegalArgumentException().isThrownBy(() -> FleetFile.load(sameUrl))
			.withMessageStartingWith(
					sameUrl + ":8: tenants[1] (globex-staging): base-url: already the base URL of tenant acme-prod");
	}

	@Test
	void aFileThatIsNotAFleetIsRefusedNamingItsLine() throws IOException {
		// given
		Path broken = Files.writeString(dir.resolve("broken.yml"), "tenants:\n  - name: a\n   base-url: [\n");
		Path empty = Files.writeString(dir.resolve("empty.yml"), "tenants: []\n");
		Path other = Files.writeString(dir.resolve("other.yml"), "tenant:\n" + ACME);

		// when, then
		assertThatIllegalArgumentException().isThrownBy(() -> FleetFile.load(broken))
			.withMessageStartingWith(broken + ":3: not a YAML fleet file");
		assertThatIllegalArgumentException().isThrownBy(() -> FleetFile.load(empty))
			.withMessageStartingWith(empty + ": a fleet file holds a non-empty list 'tenants'");
		assertThatIllegalArgumentException().isThrownBy(() -> FleetFile.load(other))
			.withMessageStartingWith(
					other + ":1: tenant: unknown field; a fleet file holds a non-empty list 'tenants'");
	}

	@Test
	void aShardTakesEveryCountthTenantByPosition() throws IOException {
		// given
		StringBuilder yaml = new StringBuilder();
		for (int i = 0; i < 5; i++) {
			yaml.append(ACME.replace("acme-prod", "t-" + i).replace("api-acme", "api-t" + i));
		}
		List<FleetFile.Tenant> tenants = FleetFile.load(fleet(yaml.toString()));

		// when, then
		assertThat(FleetFile.shard(tenants, 0, 2)).extracting(FleetFile.Tenant::name)
			.containsExactly("t-0", "t-2", "t-4");
		assertThat(FleetFile.shard(tenants, 1, 2)).extracting(FleetFile.Tenant::name).containsExactly("t-1", "t-3");
		assertThatIllegalArgumentException().isThrownBy(() -> FleetFile.shard(tenants, 2, 2));
	}

}
