package org.registrysync.job;

import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.registrysync.mapping.SecretReference;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.Environment;

/**
 * The reference an export writes for {@code password} and {@code auth_token}
 * ({@code sync.export-secret}), with {@code {connector_id}} and {@code {field}} to fill
 * in. Spring resolves {@code ${…}} in property values, and would read
 * {@code ${file:secrets/…}} as the placeholder {@code file} with a default: the template
 * is therefore read as written, unresolved, from the property sources in their order of
 * precedence (command line, environment, configuration files), rather than bound.
 */
final class ExportSecretTemplate {

	/** The template when none is given. */
	static final String DEFAULT = "${file:secrets/{connector_id}/{field}}";

	static final String PROPERTY = "sync.export-secret";

	private ExportSecretTemplate() {
	}

	/**
	 * The template as written, or {@link #DEFAULT}.
	 * @throws ConfigurationException when it is no {@code ${env:…}} or {@code ${file:…}}
	 * reference, or lacks {@code {connector_id}} or {@code {field}}
	 */
	static String of(Environment environment) {
		String template = raw(environment).orElse(DEFAULT);
		if (!template.contains("{connector_id}")) {
			throw new ConfigurationException(PROPERTY + " must contain {connector_id}, so that each connector has a "
					+ "secret of its own (e.g. " + DEFAULT + ")");
		}
		if (!template.contains("{field}")) {
			throw new ConfigurationException(PROPERTY + " must contain {field} too, so that password and auth_token "
					+ "each have a secret of their own rather than one reference for both (e.g. " + DEFAULT + ")");
		}
		Optional<SecretReference> reference;
		try {
			reference = SecretReference.parse(fill(template, "rc_1", "password"));
		}
		catch (IllegalArgumentException e) {
			throw new ConfigurationException(PROPERTY + ": " + e.getMessage());
		}
		if (reference.isEmpty()) {
			throw new ConfigurationException(PROPERTY + " must be a secret reference, ${env:NAME} or ${file:/path}, "
					+ "with {connector_id} and {field} in it (e.g. " + DEFAULT + ")");
		}
		return template;
	}

	/** The reference for one secret of one connector. */
	static String fill(String template, String connectorId, String field) {
		return template.replace("{connector_id}", connectorId).replace("{field}", field);
	}

	private static Optional<String> raw(Environment environment) {
		ConfigurationPropertyName name = ConfigurationPropertyName.of(PROPERTY);
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			ConfigurationProperty property = source.getConfigurationProperty(name);
			@Nullable Object value = property == null ? null : property.getValue();
			if (value != null) {
				return Optional.of(value.toString());
			}
		}
		return Optional.empty();
	}

}
