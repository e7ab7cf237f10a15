package org.registrysync.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.springframework.core.env.PropertiesPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Unknown {@code sync.*} and {@code cortex.*} names where the binder does not look:
 * environment variables and system properties.
 */
class PropertyNamesTests {

	private static StandardEnvironment environment(Map<String, Object> variables, Properties system) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME,
					new PropertiesPropertySource(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME, system));
		return environment;
	}

	@Test
	void everySpellingRelaxedBindingTakesIsKnown() {
		Map<String, Object> variables = new HashMap<>();
		for (String name : new String[] { "SYNC_DRY_RUN", "SYNC_DRYRUN", "sync_dry_run", "SYNC_ONLY", "SYNC_ONLY_0",
				"SYNC_ONLY_1_", "SYNC_RATE_LIMIT", "SYNC_INVENTORY", "CORTEX_API_KEY", "CORTEX_AUTH_HEADERS_0",
				"REGISTRY_SYNC_SAMPLE_TOKEN", "SYNCHRONIZE", "PATH" }) {
			variables.put(name, "x");
		}
		Properties system = new Properties();
		system.setProperty("sync.dry-run", "true");
		system.setProperty("sync.only[0]", "rc-1");
		system.setProperty("cortex.api-key-id", "42");
		system.setProperty("java.home", "/jdk");

		StandardEnvironment environment = environment(variables, system);

		assertThat(PropertyNames.unknownOutsideTheBinder(environment, "sync")).isEmpty();
		assertThat(PropertyNames.unknownOutsideTheBinder(environment, "cortex")).isEmpty();
	}

	@Test
	void anUnknownNameIsToldWithTheClosestKnownOne() {
		Properties system = new Properties();
		system.setProperty("cortex.base-uri", "https://api-example.test");
		StandardEnvironment environment = environment(Map.of("SYNC_DRY_RUNN", "true", "SYNC_ONLY_X", "rc-1"), system);

		assertThat(PropertyNames.unknownOutsideTheBinder(environment, "sync")).containsExactlyInAnyOrder(
				"unknown property SYNC_DRY_RUNN (environment variable); nothing was sent. "
						+ "Did you mean SYNC_DRY_RUN (sync.dry-run)?",
				"unknown property SYNC_ONLY_X (environment variable); nothing was sent. Did you mean SYNC_ONLY (sync.only)?");
		assertThat(PropertyNames.unknownOutsideTheBinder(environment, "cortex")).containsExactly(
				"unknown property cortex.base-uri (system property); nothing was sent. Did you mean cortex.base-url?");
	}

	@Test
	void everyPropertyOfTheRecordsIsKnown() {
		assertThat(PropertyNames.KNOWN).contains("sync.inventory", "sync.dry-run", "sync.retry-backoff-max",
				"cortex.base-url", "cortex.api-key-id", "cortex.read-timeout");
	}

}
