package org.registrysync.inventory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 text from an inventory's bytes: a leading BOM is dropped, a malformed byte
 * is an error.
 */
final class TextInput {

	private static final byte[] BOM = { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF };

	private TextInput() {
	}

	static Reader utf8(InputStream in) throws IOException {
		BufferedInputStream buffered = new BufferedInputStream(in, 64 * 1024);
		buffered.mark(BOM.length);
		byte[] head = buffered.readNBytes(BOM.length);
		if (!(head.length == BOM.length && head[0] == BOM[0] && head[1] == BOM[1] && head[2] == BOM[2])) {
			buffered.reset();
		}
		return new StrictUtf8Reader(buffered);
	}

	/** The user's message for a read failure, at the line the reader had reached. */
	static InventoryException failure(String file, long line, IOException e) {
		if (e instanceof NotUtf8Exception notUtf8) {
			return new InventoryException(file + ":" + notUtf8.line
					+ ": the file is not valid UTF-8 text; save it as UTF-8 (with or without BOM)", e);
		}
		return new InventoryException(file + ":" + line + ": cannot read the file: " + e.getMessage(), e);
	}

	/** Bytes that are not UTF-8, on this line. */
	static final class NotUtf8Exception extends CharacterCodingException {

		private final long line;

		NotUtf8Exception(long line) {
			this.line = line;
		}

		@Override
		public String getMessage() {
			return "bytes that are not UTF-8 on line " + line;
		}

	}

	/**
	 * Decodes UTF-8 and, unlike {@link java.io.InputStreamReader}, knows the line of a
	 * malformed byte: it counts the line breaks decoded before it.
	 */
	private static final class StrictUtf8Reader extends Reader {

		private final InputStream in;

		private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT);

		private final ByteBuffer bytes = ByteBuffer.allocate(64 * 1024).flip();

		private final CharBuffer chars = CharBuffer.allocate(64 * 1024).flip();

		private long line = 1;

		private boolean endOfInput;

		private boolean flushed;

		StrictUtf8Reader(InputStream in) {
			this.in = in;
		}

		@Override
		public int read(char[] target, int offset, int length) throws IOException {
			if (length == 0) {
				return 0;
			}
			while (!chars.hasRemaining()) {
				if (flushed) {
					return -1;
				}
				decodeMore();
			}
			int count = Math.min(length, chars.remaining());
			chars.get(target, offset, count);
			return count;
		}

		private void decodeMore() throws IOException {
			if (!endOfInput && bytes.remaining() < 4) {
				bytes.compact();
				int read = in.read(bytes.array(), bytes.position(), bytes.remaining());
				if (read < 0) {
					endOfInput = true;
				}
				else {
					bytes.position(bytes.position() + read);
				}
				bytes.flip();
			}
			chars.clear();
			CoderResult result = decoder.decode(bytes, chars, endOfInput);
			if (endOfInput && result.isUnderflow()) {
				result = decoder.flush(chars);
				flushed = true;
			}
			chars.flip();
			for (int i = chars.position(); i < chars.limit(); i++) {
				if (chars.get(i) == '\n') {
					line++;
				}
			}
			if (result.isError()) {
				throw new NotUtf8Exception(line);
			}
		}

		@Override
		public void close() throws IOException {
			in.close();
		}

	}

}
