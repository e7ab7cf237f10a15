package org.registrysync.job;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.registrysync.client.CortexProperties;
import org.registrysync.inventory.InventoryFields;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * The names of registry-sync's own properties ({@code sync.*}, {@code cortex.*}), to tell
 * a typo from a property (SPEC §4, "Typos are errors").
 * <p>
 * Spring Boot's binder refuses an unknown name under these prefixes itself
 * ({@code ignoreUnknownFields = false}) in every property source but two: environment
 * variables and JVM system properties, which it leaves out of that check because their
 * relaxed names ({@code SYNC_DRY_RUN}) do not match the canonical ones it bound. Those
 * two are checked here, against the same names.
 */
public final class PropertyNames {

	/** Every known property, in canonical form ({@code sync.dry-run}). */
	public static final List<String> KNOWN = Stream
		.concat(names("sync", SyncProperties.class), names("cortex", CortexProperties.class))
		.toList();

	private static final List<String> LISTS = List.of("sync.only", "cortex.auth-headers");

	/** A list element as an environment variable or system property: _0, _0_, [0]. */
	private static final Pattern INDEX = Pattern.compile("(_\\d+_?)?");

	private PropertyNames() {
	}

	private static Stream<String> names(String prefix, Class<? extends Record> properties) {
		return Arrays.stream(properties.getRecordComponents())
			.map(component -> prefix + "."
					+ component.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT));
	}

	/**
	 * One line about an unknown property: its name, where it was set and the known
	 * property closest to it.
	 * @param name the name as written
	 * @param where where it was set, e.g. {@code command line}
	 * @param environmentVariable whether the name is an environment variable's, to
	 * suggest one
	 */
	public static String unknown(String name, String where, boolean environmentVariable) {
		String suggestion = closest(name)
			.map(property -> " Did you mean "
					+ (environmentVariable ? relaxed(property) + " (" + property + ")" : property) + "?")
			.orElse("");
		return "unknown property " + name + " (" + where + "); nothing was sent." + suggestion;
	}

	/** The known property closest to {@code name}, in any of its spellings. */
	static Optional<String> closest(String name) {
		List<String> relaxed = KNOWN.stream().map(PropertyNames::relaxed).toList();
		return InventoryFields.closest(relaxed(name), relaxed).map(closest -> KNOWN.get(relaxed.indexOf(closest)));
	}

	/**
	 * The environment variables and system properties whose names fall under
	 * {@code prefix} ({@code sync} or {@code cortex}) and name no property, each told by
	 * {@link #unknown}.
	 */
	public static List<String> unknownOutsideTheBinder(ConfigurableEnvironment environment, String prefix) {
		List<String> problems = new ArrayList<>();
		check(environment.getPropertySources().get(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME), prefix,
				"environment variable", problems);
		check(environment.getPropertySources().get(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME), prefix,
				"system property", problems);
		return problems;
	}

	private static void check(@Nullable PropertySource<?> source, String prefix, String kind, List<String> problems) {
		if (!(source instanceof EnumerablePropertySource<?> enumerable)) {
			return;
		}
		String wanted = relaxed(prefix) + "_";
		for (String name : enumerable.getPropertyNames()) {
			String relaxed = relaxed(name);
			if (relaxed.startsWith(wanted) && !known(relaxed)) {
				problems.add(unknown(name, kind, kind.startsWith("environment")));
			}
		}
	}

	private static boolean known(String relaxed) {
		for (String property : KNOWN) {
			List<String> forms = List.of(relaxed(property), relaxed(property.replace("-", "")));
			for (String form : forms) {
				if (relaxed.equals(form) || (LISTS.contains(property) && relaxed.startsWith(form)
						&& INDEX.matcher(relaxed.substring(form.length())).matches())) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * A name as an environment variable spells it: {@code sync.only[0]} and
	 * {@code sync_only_0} are both {@code SYNC_ONLY_0}.
	 */
	private static String relaxed(String name) {
		return name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_').replace('[', '_').replace("]", "");
	}

}
