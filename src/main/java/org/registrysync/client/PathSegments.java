package org.registrysync.client;

import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding of a URL path segment (RFC 3986): everything but unreserved characters
 * is encoded.
 */
final class PathSegments {

	private static final String HEX = "0123456789ABCDEF";

	private PathSegments() {
	}

	static String encode(String segment) {
		StringBuilder out = new StringBuilder(segment.length());
		for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
			int c = b & 0xFF;
			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
					|| c == '_' || c == '~') {
				out.append((char) c);
			}
			else {
				out.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xF));
			}
		}
		return out.toString();
	}

}
