package org.registrysync.mapping;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A value written as {@code ${env:NAME}} or {@code ${file:PATH}}: the secret itself lives
 * outside the inventory and is read only when a request is written for sending.
 *
 * @param kind where the secret lives
 * @param target the variable name or the file path
 */
public record SecretReference(Kind kind, String target) {

	private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z]+):(.*)}", Pattern.DOTALL);

	private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

	/** Where a referenced secret lives. */
	public enum Kind {

		/** An environment variable of this process. */
		ENV,
		/** A file, its one trailing newline dropped. */
		FILE

	}

	public SecretReference {
		if (kind == Kind.ENV && !ENV_NAME.matcher(target).matches()) {
			throw new IllegalArgumentException("not an environment variable name");
		}
		if (kind == Kind.FILE && target.isBlank()) {
			throw new IllegalArgumentException("a file reference needs a path");
		}
	}

	/**
	 * The reference a value spells, if it spells one.
	 * @throws IllegalArgumentException with a user's message when the value looks like a
	 * reference but is not a valid one (unknown kind, bad variable name, empty path, a
	 * reference inside other text)
	 */
	public static Optional<SecretReference> parse(String value) {
		Matcher matcher = REFERENCE.matcher(value);
		if (!matcher.matches()) {
			if (value.contains("${env:") || value.contains("${file:")) {
				throw new IllegalArgumentException(
						"a secret reference must be the whole value, e.g. ${env:NAME}, not part of a longer text");
			}
			return Optional.empty();
		}
		String kind = matcher.group(1);
		String target = matcher.group(2);
		return switch (kind) {
			case "env" -> {
				if (!ENV_NAME.matcher(target).matches()) {
					throw new IllegalArgumentException("${env:…} needs a variable name of letters, digits and _");
				}
				yield Optional.of(new SecretReference(Kind.ENV, target));
			}
			case "file" -> {
				if (target.isBlank()) {
					throw new IllegalArgumentException("${file:…} needs a path");
				}
				yield Optional.of(new SecretReference(Kind.FILE, target));
			}
			default -> throw new IllegalArgumentException(
					"unknown secret reference ${" + kind + ":…}; use ${env:NAME} or ${file:/path/to/file}");
		};
	}

	@Override
	public String toString() {
		return "${" + kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + target + "}";
	}

}
