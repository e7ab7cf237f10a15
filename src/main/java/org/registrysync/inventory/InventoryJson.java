package org.registrysync.inventory;

import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON reading rules shared by the JSON and NDJSON inventories and by CSV cells
 * holding JSON.
 */
public final class InventoryJson {

	/**
	 * The deepest nesting a JSON inventory may have. Far above any real filter tree
	 * (whose own bound is checked during validation), low enough that a hostile file
	 * cannot exhaust the stack.
	 */
	public static final int MAX_NESTING_DEPTH = 200;

	/**
	 * Reads JSON with the nesting bound and rejects an object that names a field twice.
	 */
	public static final JsonMapper MAPPER = JsonMapper
		.builder(JsonFactory.builder()
			.streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
			.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
			.build())
		.build();

	private static final Pattern QUOTED = Pattern.compile("'([^']*)'|\"([^\"]*)\"");

	private static final Pattern LOCATION = Pattern
		.compile("\\s*\\(for \\w+ starting at \\[Source.*|\\s*at \\[Source.*");

	private InventoryJson() {
	}

	/**
	 * A parse error in words fit for users and for the outcome table. Jackson quotes the
	 * text it stumbled on, which may be a secret, so quoted text is dropped; a repeated
	 * field's name is kept.
	 */
	public static String describe(JacksonException e) {
		if (e instanceof StreamConstraintsException) {
			return "nested deeper than " + MAX_NESTING_DEPTH + " levels";
		}
		String firstLine = LOCATION.matcher(String.valueOf(e.getOriginalMessage()).split("\n", 2)[0]).replaceAll("");
		if (firstLine.startsWith("Duplicate Object property") || firstLine.startsWith("Duplicate field")) {
			return firstLine;
		}
		return QUOTED.matcher(firstLine).replaceAll(match -> {
			String quoted = match.group(1) != null ? match.group(1) : match.group(2);
			// Single characters and JSON literals say what went wrong; longer text may be
			// a secret.
			boolean safe = quoted.length() <= 1 || quoted.equals("null") || quoted.equals("true")
					|| quoted.equals("false");
			return java.util.regex.Matcher.quoteReplacement(safe ? match.group() : "(…)");
		});
	}

}
