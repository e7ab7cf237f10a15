package org.registrysync;

import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.registrysync.job.PropertyNames;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.core.env.CommandLinePropertySource;
import org.springframework.validation.ObjectError;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.validation.FieldError;

/**
 * Why the application could not start, in one line, with the exit code: 2 for
 * configuration the user must fix, 1 for a job repository that cannot be reached (re-run
 * once it is back).
 *
 * @param message one line for the user
 * @param exitCode the process exit code
 * @param unexpected whether the failure is none of the known kinds and the stack trace
 * should be shown
 */
record StartupFailure(String message, int exitCode, boolean unexpected) {

	/** H2's "Database may be already in use": another process has the file open. */
	private static final int H2_DATABASE_IN_USE = 90020;

	static StartupFailure of(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof BindValidationException validation) {
				return validation(validation);
			}
			if (cause instanceof UnboundConfigurationPropertiesException unbound) {
				return unknown(unbound);
			}
		}
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof BindException bind) {
				String property = (bind.getProperty() != null ? bind.getProperty().getName() : bind.getName())
					.toString();
				String raw = bind.getProperty() != null ? String.valueOf(bind.getProperty().getValue()) : null;
				// A secret is never echoed, nor a URL with credentials in it, not even in
				// the
				// reason, which often repeats the value.
				boolean hidden = raw == null || secret(property) || raw.contains("@");
				String value = hidden ? "" : " '" + raw + "'";
				Throwable reason = bind.getCause() != null ? rootCause(bind.getCause()) : bind;
				String why = (reason instanceof NumberFormatException) ? "not a whole number"
						: String.valueOf(reason.getMessage());
				Class<?> type = bind.getTarget().getType().resolve();
				if (type != null && type.isEnum()) {
					why = "the allowed values are " + java.util.Arrays.stream(type.getEnumConstants())
						.map(constant -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT))
						.collect(Collectors.joining(", "));
				}
				if (hidden && raw != null && !raw.isEmpty()) {
					why = why.replace(raw, "(the value)");
				}
				return new StartupFailure("invalid value" + value + " for " + property + ": " + why, 2, false);
			}
			if (cause instanceof SQLException sql && sql.getErrorCode() == H2_DATABASE_IN_USE) {
				return new StartupFailure(
						"the job repository (spring.datasource.url) is in use by another "
								+ "registry-sync process; only one run at a time uses an H2 file, and nothing was sent",
						1, false);
			}
			if (cause instanceof SQLException sql) {
				return new StartupFailure("cannot use the job repository (spring.datasource.url): " + sql.getMessage(),
						1, false);
			}
		}
		return new StartupFailure("could not start: " + failure, 1, true);
	}

	/**
	 * Problems found by validation: a field's constraint names the property and the
	 * value; the configuration checks ({@code SyncConfigurationValidator}) say it all
	 * themselves.
	 */
	private static StartupFailure validation(BindValidationException validation) {
		List<ObjectError> errors = validation.getValidationErrors().getAllErrors();
		String problems = errors.stream()
			.map(error -> (error instanceof FieldError field)
					? validation.getValidationErrors().getName() + "." + kebab(field.getField()) + " "
							+ error.getDefaultMessage() + " (was " + field.getRejectedValue() + ")"
					: error.getDefaultMessage())
			.collect(Collectors.joining("; "));
		boolean fields = errors.stream().anyMatch(FieldError.class::isInstance);
		return new StartupFailure((fields ? "invalid configuration: " : "") + problems, 2, false);
	}

	/**
	 * A {@code sync.*} or {@code cortex.*} name that no property has: a typo, which must
	 * never be ignored (a mistyped {@code sync.dry-run} would become a real run).
	 */
	private static StartupFailure unknown(UnboundConfigurationPropertiesException unbound) {
		String problems = unbound.getUnboundProperties()
			.stream()
			.map(property -> PropertyNames.unknown(property.getName().toString(), where(property), false))
			.collect(Collectors.joining("; "));
		return new StartupFailure(problems, 2, false);
	}

	private static String where(ConfigurationProperty property) {
		Origin origin = property.getOrigin();
		if (origin instanceof PropertySourceOrigin source) {
			String name = source.getPropertySource().getName();
			if (CommandLinePropertySource.COMMAND_LINE_PROPERTY_SOURCE_NAME.equals(name)) {
				return "command line";
			}
			// A file's origin names the file, line and column.
			return (source.getOrigin() != null) ? source.getOrigin().toString() : name;
		}
		return (origin != null) ? origin.toString() : String.valueOf(property.getSource().getUnderlyingSource());
	}

	private static boolean secret(String property) {
		String name = property.toLowerCase(Locale.ROOT);
		return name.contains("key") || name.contains("password") || name.contains("secret") || name.contains("token");
	}

	private static Throwable rootCause(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null) {
			root = root.getCause();
		}
		return root;
	}

	private static String kebab(String camel) {
		return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
	}

}
