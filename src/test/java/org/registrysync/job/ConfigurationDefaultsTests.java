package org.registrysync.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.registrysync.client.CortexProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.FileSystemResource;

/**
 * {@code config/application.yml} lists every property with the default the application
 * really has.
 */
class ConfigurationDefaultsTests {

	private static final Path CONFIG = Path.of("config/application.yml");

	private static Binder config() throws IOException {
		List<PropertySource<?>> sources = new YamlPropertySourceLoader().load("config", new FileSystemResource(CONFIG));
		return new Binder(ConfigurationPropertySources.from(sources));
	}

	@Test
	void theListedValuesAreTheDefaults() throws IOException {
		Binder none = new Binder();

		assertThat(config().bindOrCreate("sync", SyncProperties.class))
			.isEqualTo(none.bindOrCreate("sync", SyncProperties.class));
		assertThat(config().bindOrCreate("cortex", CortexProperties.class))
			.isEqualTo(none.bindOrCreate("cortex", CortexProperties.class));
	}

	@Test
	void everyPropertyIsListed() throws IOException {
		String text = Files.readString(CONFIG);
		for (Class<? extends Record> properties : List.of(SyncProperties.class, CortexProperties.class)) {
			Arrays.stream(properties.getRecordComponents())
				.map(component -> component.getName().replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase())
				.forEach(name -> assertThat(text).as(name).containsPattern("(?m)^\\s+(# )?" + name + ":"));
		}
	}

	@Test
	void theDatasourceDefaultIsTheBuiltInOne() throws IOException {
		List<PropertySource<?>> builtIn = new YamlPropertySourceLoader().load("builtin",
				new FileSystemResource("src/main/resources/application.yml"));
		assertThat(config().bind("spring.datasource.url", String.class).get()).isEqualTo(
				new Binder(ConfigurationPropertySources.from(builtIn)).bind("spring.datasource.url", String.class)
					.get());
	}

}
