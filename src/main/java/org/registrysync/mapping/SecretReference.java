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

	/** Where a referenced secret lives. */
	public enum Kind {

		/** An environment variable of this process. */
		ENV,
		/** A file, its one trailing newline dropped. */
		FILE

	}

	public SecretReference {
		if (kind == Kind.ENV && !isEnvName(target)) {
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
		// Most values are plain text; only one that starts like a reference meets the
		// regular expression (every record's every string field comes here, some twice).
		if (value.equals(LiveMerge.CLEAR)) {
			throw new IllegalArgumentException(LiveMerge.CLEAR + " clears a field in a merge (sync.merge=true) only; "
					+ "to leave a field out of a record, leave it out (in CSV: leave the cell empty)");
		}
		Matcher matcher = value.startsWith("${") ? REFERENCE.matcher(value) : null;
		if (matcher == null || !matcher.matches()) {
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
				if (!isEnvName(target)) {
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

	/**
	 * {@code [A-Za-z_][A-Za-z0-9_]*}, without a regular expression: it is checked for
	 * every secret.
	 */
	private static boolean isEnvName(String name) {
		if (name.isEmpty() || (name.charAt(0) >= '0' && name.charAt(0) <= '9')) {
			return false;
		}
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			boolean allowed = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
			if (!allowed) {
				return false;
			}
		}
		return true;
	}

	@Override
	public String toString() {
		return "${" + kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + target + "}";
	}

}
