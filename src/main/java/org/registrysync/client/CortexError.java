package org.registrysync.client;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What Cortex said about a failed request. Both shapes it uses are understood:
 * {@code {"err_msg": …, "metadata": {"code": …}}} and {@code {"reply": {"err_code": …,
 * "err_msg": …}}}; any other body is kept as raw text, cut to {@value #MAX_TEXT}
 * characters.
 *
 * @param code the error code, e.g. {@code NOT_FOUND}, when there is one
 * @param message the error message or the raw body; {@code null} when the body was empty
 */
public record CortexError(@Nullable String code, @Nullable String message) {

	/** The longest message kept. */
	public static final int MAX_TEXT = 500;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Reads an error body. */
	public static CortexError parse(@Nullable String body) {
		if (body == null || body.isBlank()) {
			return new CortexError(null, null);
		}
		try {
			JsonNode json = JSON.readTree(body);
			if (json.has("err_msg")) {
				return new CortexError(text(json.path("metadata").get("code")), cut(text(json.get("err_msg"))));
			}
			JsonNode reply = json.get("reply");
			if (reply != null && (reply.has("err_msg") || reply.has("err_code"))) {
				String message = text(reply.get("err_msg"));
				String extra = text(reply.get("err_extra"));
				return new CortexError(text(reply.get("err_code")),
						cut(extra == null ? message : (message == null ? extra : message + " (" + extra + ")")));
			}
		}
		catch (JacksonException e) {
			// Not JSON: keep the text.
		}
		return new CortexError(null, cut(body.strip()));
	}

	private static @Nullable String text(@Nullable JsonNode node) {
		if (node == null || node.isNull() || node.isMissingNode()) {
			return null;
		}
		return node.isValueNode() ? node.asString() : node.toString();
	}

	private static @Nullable String cut(@Nullable String text) {
		if (text == null || text.length() <= MAX_TEXT) {
			return text;
		}
		return text.substring(0, MAX_TEXT - 1) + "…";
	}

}
