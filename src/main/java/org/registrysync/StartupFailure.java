package org.registrysync;

import java.sql.SQLException;
import java.util.Locale;
import java.util.stream.Collectors;

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
		}
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof BindException bind) {
				String property = (bind.getProperty() != null ? bind.getProperty().getName() : bind.getName())
					.toString();
				String value = bind.getProperty() != null && !secret(property)
						? " '" + bind.getProperty().getValue() + "'" : "";
				Throwable reason = bind.getCause() != null ? rootCause(bind.getCause()) : bind;
				String why = (reason instanceof NumberFormatException) ? "not a whole number" : reason.getMessage();
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

	private static StartupFailure validation(BindValidationException validation) {
		String problems = validation.getValidationErrors()
			.getAllErrors()
			.stream()
			.map(error -> (error instanceof FieldError field)
					? validation.getValidationErrors().getName() + "." + kebab(field.getField()) + " "
							+ error.getDefaultMessage() + " (was " + field.getRejectedValue() + ")"
					: error.getDefaultMessage())
			.collect(Collectors.joining("; "));
		return new StartupFailure("invalid configuration: " + problems, 2, false);
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
