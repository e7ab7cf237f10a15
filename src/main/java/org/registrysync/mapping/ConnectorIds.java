package org.registrysync.mapping;

import java.util.Optional;

/**
 * The rule for {@code connector_id}: it becomes a URL path segment, so it must be one
 * that cannot climb or escape the path (SPEC §1). It is percent-encoded all the same when
 * sent.
 */
public final class ConnectorIds {

	/** The longest id accepted. */
	public static final int MAX_LENGTH = 256;

	private ConnectorIds() {
	}

	/** Why the id is unsafe, or empty when it is safe. */
	public static Optional<String> problem(String id) {
		if (id.isEmpty()) {
			return Optional.of("must not be empty");
		}
		if (id.length() > MAX_LENGTH) {
			return Optional.of("is " + id.length() + " characters long; at most " + MAX_LENGTH + " are allowed");
		}
		if (id.equals(".")) {
			return Optional.of("must not be '.'");
		}
		if (id.contains("..")) {
			return Optional.of("must not contain '..'");
		}
		for (int i = 0; i < id.length(); i = id.offsetByCodePoints(i, 1)) {
			int c = id.codePointAt(i);
			if (c == '/' || c == '\\' || c == '?' || c == '#' || c == '%') {
				return Optional.of("must not contain '" + Character.toString(c) + "'");
			}
			if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
				return Optional.of("must not contain whitespace (at position " + (i + 1) + ")");
			}
			if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
				return Optional.of("must not contain control characters (U+" + String.format("%04X", c)
						+ " at position " + (i + 1) + ")");
			}
		}
		return Optional.empty();
	}

}
