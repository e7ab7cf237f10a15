package org.registrysync.client;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

import org.apache.commons.text.StringEscapeUtils;

/**
 * Blanks secrets out of what Cortex says back, in clear or escaped: Cortex may echo what
 * it was sent as JSON ({@code \"}, {@code \\}, {@code \/}, {@code \u00fc}) or as HTML
 * ({@code &quot;}, {@code &amp;}, {@code &#39;}, {@code &#252;}), or one inside the
 * other. The text is decoded, up to {@value #LAYERS} layers deep, while remembering where
 * each decoded character came from; wherever a secret appears in any layer, the stretch
 * of the original text it came from becomes {@code (secret)}. The rest of the text is
 * kept as Cortex wrote it, so that it stays readable and still parses.
 */
final class Redaction {

	/** What stands where a secret was. */
	static final String MARK = "(secret)";

	/**
	 * Every secret is blanked, however short: a one-letter password blanks that letter
	 * wherever it stands, which garbles the message but never shows the secret.
	 */
	static final int MIN_LENGTH = 1;

	private static final int LAYERS = 3;

	private static final int LONGEST_ENTITY = 12;

	private Redaction() {
	}

	/** The text with every secret that is not empty blanked. */
	static String redact(String text, Collection<String> secrets) {
		List<String> blanked = secrets.stream().filter(secret -> secret.length() >= MIN_LENGTH).toList();
		if (blanked.isEmpty() || text.isEmpty()) {
			return text;
		}
		List<int[]> found = new ArrayList<>();
		Layer layer = Layer.of(text);
		for (int depth = 0; depth < LAYERS && layer != null; depth++) {
			for (String secret : blanked) {
				for (int at = layer.text.indexOf(secret); at >= 0; at = layer.text.indexOf(secret, at + 1)) {
					found.add(new int[] { layer.from[at], layer.to[at + secret.length() - 1] });
				}
			}
			layer = layer.decoded();
		}
		return found.isEmpty() ? text : blank(text, found);
	}

	private static String blank(String text, List<int[]> found) {
		found.sort(Comparator.comparingInt(range -> range[0]));
		StringBuilder out = new StringBuilder(text.length());
		int copied = 0;
		for (int[] range : found) {
			if (range[0] < copied) {
				// Overlaps the stretch blanked last: widen it.
				copied = Math.max(copied, range[1]);
				continue;
			}
			out.append(text, copied, range[0]).append(MARK);
			copied = range[1];
		}
		return out.append(text, copied, text.length()).toString();
	}

	/**
	 * A decoding of the original text: each character knows the stretch
	 * {@code [from, to)} of the original that it came from.
	 */
	private record Layer(String text, int[] from, int[] to) {

		static Layer of(String text) {
			int[] from = new int[text.length()];
			int[] to = new int[text.length()];
			for (int i = 0; i < text.length(); i++) {
				from[i] = i;
				to[i] = i + 1;
			}
			return new Layer(text, from, to);
		}

		/**
		 * One more layer of JSON and HTML escapes undone; {@code null} when none is left.
		 */
		Layer decoded() {
			if (text.indexOf('\\') < 0 && text.indexOf('&') < 0) {
				return null;
			}
			StringBuilder out = new StringBuilder(text.length());
			int[] outFrom = new int[text.length()];
			int[] outTo = new int[text.length()];
			int n = 0;
			int i = 0;
			while (i < text.length()) {
				int end = i + 1;
				String decoded = String.valueOf(text.charAt(i));
				if (text.charAt(i) == '\\' && i + 1 < text.length()) {
					String escape = jsonEscape(text, i);
					if (escape != null) {
						decoded = escape;
						end = (text.charAt(i + 1) == 'u') ? i + 6 : i + 2;
					}
				}
				else if (text.charAt(i) == '&') {
					int semicolon = text.indexOf(';', i + 1);
					if (semicolon > i + 1 && semicolon - i <= LONGEST_ENTITY) {
						String entity = text.substring(i, semicolon + 1);
						String unescaped = "&apos;".equals(entity) ? "'" : StringEscapeUtils.unescapeHtml4(entity);
						if (!unescaped.equals(entity)) {
							decoded = unescaped;
							end = semicolon + 1;
						}
					}
				}
				for (int k = 0; k < decoded.length(); k++) {
					if (n == outFrom.length) {
						outFrom = Arrays.copyOf(outFrom, n * 2);
						outTo = Arrays.copyOf(outTo, n * 2);
					}
					out.append(decoded.charAt(k));
					outFrom[n] = from[i];
					outTo[n] = to[end - 1];
					n++;
				}
				i = end;
			}
			String result = out.toString();
			return result.equals(text) ? null : new Layer(result, outFrom, outTo);
		}

		private static String jsonEscape(String text, int at) {
			char c = text.charAt(at + 1);
			return switch (c) {
				case '"', '\\', '/' -> String.valueOf(c);
				case 'b' -> "\b";
				case 'f' -> "\f";
				case 'n' -> "\n";
				case 'r' -> "\r";
				case 't' -> "\t";
				case 'u' -> unicode(text, at + 2);
				default -> null;
			};
		}

		private static String unicode(String text, int at) {
			if (at + 4 > text.length()) {
				return null;
			}
			int value = 0;
			for (int k = at; k < at + 4; k++) {
				int digit = Character.digit(text.charAt(k), 16);
				if (digit < 0) {
					return null;
				}
				value = value * 16 + digit;
			}
			return String.valueOf((char) value);
		}

	}

}
