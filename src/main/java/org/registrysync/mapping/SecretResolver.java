package org.registrysync.mapping;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * Reads the secrets that references point to. Nothing is cached: every call reads the
 * environment or the file again, so a rotated secret is picked up and no secret outlives
 * the request it goes into. Thread-safe.
 */
public final class SecretResolver {

	/** The largest secret file read. */
	public static final int MAX_FILE_BYTES = 1024 * 1024;

	private final Function<String, @Nullable String> environment;

	/**
	 * What every reference resolves to without reading anything; {@code null} to read.
	 */
	private final @Nullable String placeholder;

	/**
	 * @param environment looks up an environment variable; {@code System::getenv} in
	 * production
	 */
	public SecretResolver(Function<String, @Nullable String> environment) {
		this(environment, null);
	}

	private SecretResolver(Function<String, @Nullable String> environment, @Nullable String placeholder) {
		this.environment = environment;
		this.placeholder = placeholder;
	}

	/**
	 * Resolves every reference to this placeholder, reading neither the environment nor
	 * any file: for checking records whose secrets are not in place yet.
	 */
	public static SecretResolver placeholder(String value) {
		return new SecretResolver(name -> value, value);
	}

	/** Resolves references against this process's environment and file system. */
	public static SecretResolver system() {
		return new SecretResolver(System::getenv);
	}

	/**
	 * The secret behind a reference.
	 * @throws SecretResolutionException naming the reference (never the secret) when it
	 * cannot be read
	 */
	public String resolve(SecretReference reference) {
		if (placeholder != null) {
			return placeholder;
		}
		return switch (reference.kind()) {
			case ENV -> {
				String value = environment.apply(reference.target());
				if (value == null) {
					throw new SecretResolutionException(reference,
							reference.target() + " is not set in the environment");
				}
				yield value;
			}
			case FILE -> readFile(reference);
		};
	}

	/**
	 * A value with its reference, if it is one, resolved.
	 * @throws SecretResolutionException when the reference cannot be read
	 * @throws IllegalArgumentException when the value is a malformed reference
	 */
	public String resolveValue(String value) {
		return SecretReference.parse(value).map(this::resolve).orElse(value);
	}

	private static String readFile(SecretReference reference) {
		Path path;
		try {
			path = Path.of(reference.target());
		}
		catch (InvalidPathException e) {
			throw new SecretResolutionException(reference, "it is not a valid file path on this system");
		}
		try {
			if (!Files.isRegularFile(path)) {
				throw new SecretResolutionException(reference,
						Files.exists(path) ? "it is not a regular file" : "the file does not exist");
			}
			if (Files.size(path) > MAX_FILE_BYTES) {
				throw new SecretResolutionException(reference, "the file is larger than " + MAX_FILE_BYTES + " bytes");
			}
			byte[] bytes = Files.readAllBytes(path);
			String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
			if (text.endsWith("\r\n")) {
				return text.substring(0, text.length() - 2);
			}
			return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
		}
		catch (NoSuchFileException e) {
			throw new SecretResolutionException(reference, "the file does not exist");
		}
		catch (CharacterCodingException e) {
			throw new SecretResolutionException(reference, "the file is not UTF-8 text");
		}
		catch (IOException e) {
			throw new SecretResolutionException(reference,
					"the file cannot be read (" + e.getClass().getSimpleName() + ")");
		}
	}

}
