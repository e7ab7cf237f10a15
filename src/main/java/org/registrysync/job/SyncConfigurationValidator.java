package org.registrysync.job;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.registrysync.client.CortexProperties;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * The checks of {@link SyncProperties}, {@link CortexProperties} and the job repository's
 * URL that annotations cannot say: Boot runs it when it binds them (it is the context's
 * {@code configurationPropertiesValidator}), so that a bad setting stops the application
 * at startup, before anything is read or sent, with exit code 2 and one line per problem
 * (see {@code StartupFailure}). It also refuses unknown {@code sync.*} and
 * {@code cortex.*} names in the two sources the binder does not check for them,
 * environment variables and system properties ({@link PropertyNames}).
 */
public class SyncConfigurationValidator implements Validator {

	private final ConfigurableEnvironment environment;

	public SyncConfigurationValidator(ConfigurableEnvironment environment) {
		this.environment = environment;
	}

	@Override
	public boolean supports(Class<?> type) {
		return type == SyncProperties.class || type == CortexProperties.class || type == DataSourceProperties.class;
	}

	@Override
	public void validate(Object target, Errors errors) {
		switch (target) {
			case SyncProperties sync -> validate(sync, errors);
			case CortexProperties cortex -> validate(cortex, errors);
			case DataSourceProperties dataSource -> validate(dataSource, errors);
			default -> throw new IllegalArgumentException("not supported: " + target.getClass());
		}
	}

	private void validate(SyncProperties sync, Errors errors) {
		PropertyNames.unknownOutsideTheBinder(environment, "sync")
			.forEach(problem -> errors.reject("unknown", problem));
		if (sync.fleet() != null) {
			validateFleet(sync, errors);
		}
		else if (sync.fleetShard() != null) {
			errors.reject("combination", "sync.fleet-shard is for a fleet: set sync.fleet to a fleet file too");
		}
		if (sync.inventory() == null && sync.fleet() == null && (sync.export() == null || sync.exportIds() == null)) {
			errors.reject("required", "sync.inventory is required: pass --sync.inventory=path/to/connectors.csv"
					+ (sync.export() != null ? " (or, for an export, sync.export-ids=path/to/ids.txt)" : ""));
		}
		if (sync.export() != null && sync.defaults() != null) {
			errors.reject("combination", "sync.defaults fills in the records of a sync; an export writes what Cortex "
					+ "holds: leave out sync.defaults");
		}
		if (sync.export() != null && (sync.dryRun() || sync.full() || sync.compare() == CompareMode.LIVE)) {
			errors.reject("combination", "sync.export reads the connectors and writes a file, sending nothing: "
					+ "leave out sync.dry-run, sync.full and sync.compare");
		}
		if (sync.merge() && sync.export() != null) {
			errors.reject("combination",
					"sync.merge changes connectors and sync.export only reads them: " + "set one of them");
		}
		if (sync.export() == null && (sync.exportIds() != null || environment.containsProperty("sync.export-secret")
				|| sync.exportOverwrite())) {
			errors.reject("combination",
					"sync.export-ids, sync.export-secret and sync.export-overwrite are for an export: set sync.export too");
		}
		if (sync.retryBackoff().isNegative() || sync.retryBackoffMax().compareTo(sync.retryBackoff()) < 0) {
			errors.reject("range", "sync.retry-backoff must not be negative nor above sync.retry-backoff-max");
		}
		if (sync.ledgerKey() != null && sync.ledgerKey().length() < 16) {
			errors.reject("length", "sync.ledger-key must be at least 16 characters");
		}
	}

	/**
	 * A fleet takes each tenant's URL and key from its file, and syncs: an export or
	 * {@code sync.only}, whose ids belong to one tenant, is refused.
	 */
	private void validateFleet(SyncProperties sync, Errors errors) {
		List<String> perTenant = List.of("cortex.base-url", "cortex.api-key-id", "cortex.api-key")
			.stream()
			.filter(environment::containsProperty)
			.toList();
		if (!perTenant.isEmpty()) {
			errors.reject("combination", "with sync.fleet, each tenant's base-url, api-key-id and api-key come from "
					+ "the fleet file: leave out " + String.join(", ", perTenant));
		}
		if (sync.export() != null || !sync.only().isEmpty()) {
			errors.reject("combination", "sync.export and sync.only name the connectors of one tenant: leave them out "
					+ "of a fleet run (sync.fleet)");
		}
		try {
			FleetCommand.Shard.parse(sync.fleetShard());
		}
		catch (ConfigurationException e) {
			errors.reject("format", String.valueOf(e.getMessage()));
		}
	}

	private void validate(CortexProperties cortex, Errors errors) {
		PropertyNames.unknownOutsideTheBinder(environment, "cortex")
			.forEach(problem -> errors.reject("unknown", problem));
		URI baseUrl = cortex.baseUrl();
		if (!offline() && !fleet() && (baseUrl == null || blank(cortex.apiKeyId()) || blank(cortex.apiKey()))) {
			errors.reject("required", "cortex.base-url, cortex.api-key-id and cortex.api-key are required unless "
					+ "sync.dry-run=true (and a live dry run, sync.compare=live, reads the tenant: it needs them too)");
		}
		if (baseUrl != null) {
			checkBaseUrl(baseUrl, errors);
		}
		checkCredential("cortex.api-key-id", cortex.apiKeyId(), errors);
		checkCredential("cortex.api-key", cortex.apiKey(), errors);
		if (cortex.authHeaders().isEmpty() || cortex.authHeaders().stream().anyMatch(String::isBlank)) {
			errors.reject("required", "cortex.auth-headers must name at least one header, e.g. Authorization");
		}
		if (!positive(cortex.connectTimeout()) || !positive(cortex.readTimeout())) {
			errors.reject("range", "cortex.connect-timeout and cortex.read-timeout must be positive");
		}
	}

	/**
	 * The job repository keeps two runs apart (SPEC §4, "One at a time"): on H2 by the
	 * lock on its file, which a process takes when it opens the file itself. In server
	 * mode ({@code AUTO_SERVER=TRUE}, {@code jdbc:h2:tcp:}, {@code jdbc:h2:ssl:}) every
	 * process goes through one server and nothing is locked to a process, so such URLs
	 * are refused. The URL is not echoed: it may hold a password.
	 */
	private static void validate(DataSourceProperties dataSource, Errors errors) {
		String url = dataSource.getUrl();
		if (url == null) {
			return;
		}
		String lower = url.toLowerCase(Locale.ROOT).replace(" ", "");
		if (lower.startsWith("jdbc:h2:tcp:") || lower.startsWith("jdbc:h2:ssl:")
				|| lower.contains(";auto_server=true")) {
			errors.reject("h2-server",
					"spring.datasource.url: an H2 database in server mode (AUTO_SERVER=TRUE, jdbc:h2:tcp: or "
							+ "jdbc:h2:ssl:) is not locked to one process, so two runs could sync one tenant at once; "
							+ "use an H2 file that registry-sync opens itself (jdbc:h2:file:...) or PostgreSQL "
							+ "(jdbc:postgresql://...), whose advisory lock keeps runs apart");
		}
	}

	/** Whether this is a fleet run, whose tenants have their own URLs and keys. */
	private boolean fleet() {
		return environment.getProperty("sync.fleet") != null;
	}

	/**
	 * Whether this is a dry run that compares with the ledger, which needs no tenant. An
	 * invalid value is left to the binding of {@link SyncProperties}, which tells it.
	 */
	private boolean offline() {
		try {
			Binder binder = Binder.get(environment);
			return binder.bind("sync.dry-run", Boolean.class).orElse(false)
					&& !binder.bind("sync.merge", Boolean.class).orElse(false)
					&& binder.bind("sync.compare", CompareMode.class).orElse(CompareMode.LEDGER) == CompareMode.LEDGER;
		}
		catch (BindException e) {
			return true;
		}
	}

	/**
	 * The base URL is the scheme and host (and port) only. The URL itself is never echoed
	 * when it could hold credentials.
	 */
	private static void checkBaseUrl(URI baseUrl, Errors errors) {
		if (baseUrl.getRawUserInfo() != null
				|| baseUrl.getRawAuthority() != null && baseUrl.getRawAuthority().contains("@")) {
			errors.reject("credentials",
					"cortex.base-url must not carry credentials; use cortex.api-key-id and cortex.api-key");
			return;
		}
		String scheme = baseUrl.getScheme();
		if (!("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme)) || baseUrl.getHost() == null) {
			errors.reject("url", "cortex.base-url must be a URL such as https://api-example.xdr.us."
					+ "paloaltonetworks.com, not " + (scheme == null ? "a relative one" : "a " + scheme + " URL"));
			return;
		}
		if ("http".equalsIgnoreCase(scheme) && !isLoopback(baseUrl.getHost())) {
			errors.reject("https", "cortex.base-url must use https: the API key would cross the network in "
					+ "clear (http is accepted on the loopback address only)");
		}
		String path = baseUrl.getRawPath();
		if (path != null && !path.isEmpty() && !path.equals("/")) {
			errors.reject("path",
					"cortex.base-url is the https://api-{fqdn} part only, without a path (was " + path + ")");
		}
		if (baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null) {
			errors.reject("query",
					"cortex.base-url is the https://api-{fqdn} part only, without a query (?…) or " + "fragment (#…)");
		}
	}

	private static boolean isLoopback(String host) {
		return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1");
	}

	/**
	 * A key with a line break or space in it (a file saved with CRLF) would be sent as
	 * is, or echoed in an error.
	 */
	private static void checkCredential(String property, @Nullable String value, Errors errors) {
		if (value != null && unsafeCredential(value)) {
			errors.reject("whitespace", property + " holds a space, line break or control character; remove it "
					+ "(a file saved with Windows line endings ends in \\r)");
		}
	}

	/**
	 * Whether a credential holds a space, line break or control character, which would be
	 * sent as is, or echoed in an error.
	 */
	static boolean unsafeCredential(String value) {
		return value.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c));
	}

	private static boolean blank(@Nullable String value) {
		return value == null || value.isBlank();
	}

	private static boolean positive(Duration duration) {
		return duration.isPositive();
	}

}
