package org.registrysync.job;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.registrysync.inventory.InventoryFile;
import org.registrysync.inventory.InventoryRecord;
import org.registrysync.inventory.RecordParser;
import org.registrysync.inventory.SourceLocation;
import org.registrysync.mapping.ConnectorIds;

/**
 * Where an export takes its ids from, read one at a time: a file of ids
 * ({@code sync.export-ids}: one a line, blank lines and {@code #} comments ignored) or an
 * inventory, whose records' {@code connector_id} are taken and nothing else of them. Not
 * thread-safe.
 */
abstract sealed class ExportIds implements AutoCloseable {

	/** One id as written. */
	record Id(SourceLocation source, @Nullable String connectorId, @Nullable String problem) {
	}

	/** The next id, or {@code null} at the end. */
	abstract @Nullable Id next();

	@Override
	public abstract void close();

	/** Opens the ids of an export. */
	static ExportIds open(Path path, boolean idsFile) {
		return idsFile ? new IdsFile(path) : new Inventory(InventoryFile.of(path));
	}

	/**
	 * Reads a file of ids through before the run: its content hash and how many ids it
	 * holds, every id checked.
	 * @throws ConfigurationException naming the file and line of the first bad id
	 */
	static RunSource scan(Path path, Set<String> only) {
		MessageDigest sha256;
		try {
			sha256 = MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
		long count = 0;
		try (var in = new DigestInputStream(Files.newInputStream(path), sha256);
				var ids = new IdsFile(path,
						new BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8.newDecoder())))) {
			Map<String, SourceLocation> seen = new HashMap<>();
			for (Id id = ids.next(); id != null; id = ids.next()) {
				if (id.problem() != null) {
					throw new ConfigurationException(id.source() + ": " + id.problem() + "; nothing was read");
				}
				SourceLocation first = seen.putIfAbsent(id.connectorId(), id.source());
				if (first != null) {
					throw new ConfigurationException(id.source() + ": " + id.connectorId() + " is listed already, at "
							+ first + "; an export lists each connector once (nothing was read)");
				}
				if (only.isEmpty() || only.contains(id.connectorId())) {
					count++;
				}
			}
		}
		catch (IOException | UncheckedIOException e) {
			throw new ConfigurationException("cannot read the ids file " + path + ": " + e.getMessage());
		}
		return new RunSource(path.toAbsolutePath(), path.getFileName().toString(),
				HexFormat.of().formatHex(sha256.digest()), count);
	}

	/** A file of ids, one a line. */
	static final class IdsFile extends ExportIds {

		private final String name;

		private final BufferedReader in;

		private int line;

		IdsFile(Path path) {
			this(path, reader(path));
		}

		IdsFile(Path path, BufferedReader in) {
			this.name = path.getFileName().toString();
			this.in = in;
		}

		private static BufferedReader reader(Path path) {
			try {
				return Files.newBufferedReader(path, StandardCharsets.UTF_8);
			}
			catch (IOException e) {
				throw new UncheckedIOException("cannot read the ids file " + path, e);
			}
		}

		@Override
		@Nullable Id next() {
			try {
				for (String text = in.readLine(); text != null; text = in.readLine()) {
					line++;
					String id = text.strip();
					if (id.isEmpty() || id.startsWith("#")) {
						continue;
					}
					SourceLocation source = new SourceLocation(name, line);
					return new Id(source, id, ConnectorIds.problem(id).map(p -> "connector id: " + p).orElse(null));
				}
				return null;
			}
			catch (IOException e) {
				throw new UncheckedIOException(e);
			}
		}

		@Override
		public void close() {
			try {
				in.close();
			}
			catch (IOException e) {
				throw new UncheckedIOException(e);
			}
		}

	}

	/** The connector ids of an inventory's records. */
	static final class Inventory extends ExportIds {

		private final RecordParser parser;

		Inventory(InventoryFile file) {
			this.parser = file.open();
		}

		@Override
		@Nullable Id next() {
			InventoryRecord record = parser.next();
			if (record == null) {
				return null;
			}
			String id = record.connectorId();
			String problem = (id == null) ? "connector_id: the record has none, so there is nothing to export"
					: ConnectorIds.problem(id).map(p -> "connector_id: " + p).orElse(null);
			return new Id(record.source(), id, problem);
		}

		@Override
		public void close() {
			parser.close();
		}

	}

}
