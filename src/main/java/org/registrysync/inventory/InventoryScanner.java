package org.registrysync.inventory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a whole inventory once before anything is sent: it proves the file readable
 * (encoding, CSV header, JSON structure), counts the records, hashes the bytes and finds
 * duplicate connector ids.
 * <p>
 * Memory grows with the number of records, never with their size: the first pass keeps
 * one 64-bit hash per id, and only when two hashes meet does a second pass collect the
 * ids behind them.
 */
public final class InventoryScanner {

	/**
	 * Scans the inventory.
	 * @throws InventoryException when the file cannot be used as a whole
	 */
	public InventoryScan scan(InventoryFile file) {
		return scan(file, Set.of());
	}

	/**
	 * Scans the inventory, noting which of the {@code wanted} connector ids it holds.
	 * @throws InventoryException when the file cannot be used as a whole
	 */
	public InventoryScan scan(InventoryFile file, Set<String> wanted) {
		Set<String> found = new HashSet<>();
		MessageDigest digest = sha256();
		long[] hashes = new long[1024];
		long records = 0;
		try (InputStream in = new DigestInputStream(file.openStream(), digest); RecordParser parser = file.parser(in)) {
			for (InventoryRecord record = parser.next(); record != null; record = parser.next()) {
				String id = record.connectorId();
				if (records == hashes.length) {
					hashes = Arrays.copyOf(hashes, hashes.length * 2);
				}
				hashes[(int) records++] = (id != null) ? hash(id) : 0;
				if (id != null && wanted.contains(id)) {
					found.add(id);
				}
			}
			// What the parser left unread (trailing blank lines) still belongs to the
			// hash.
			in.transferTo(OutputStream.nullOutputStream());
		}
		catch (IOException e) {
			throw new InventoryException(file.path() + ": cannot read: " + e, e);
		}
		String sha = HexFormat.of().formatHex(digest.digest());
		Set<Long> collisions = collisions(hashes, (int) records);
		DuplicateIds duplicates = collisions.isEmpty() ? DuplicateIds.none() : confirm(file, collisions);
		return new InventoryScan(file, sha, records, duplicates, found);
	}

	private static Set<Long> collisions(long[] hashes, int count) {
		long[] sorted = Arrays.copyOf(hashes, count);
		Arrays.sort(sorted);
		Set<Long> collisions = new HashSet<>();
		for (int i = 1; i < sorted.length; i++) {
			if (sorted[i] == sorted[i - 1] && sorted[i] != 0) {
				collisions.add(sorted[i]);
			}
		}
		return collisions;
	}

	private static DuplicateIds confirm(InventoryFile file, Set<Long> collisions) {
		Map<String, List<SourceLocation>> places = new HashMap<>();
		Map<String, Long> counts = new HashMap<>();
		try (RecordParser parser = file.open()) {
			for (InventoryRecord record = parser.next(); record != null; record = parser.next()) {
				String id = record.connectorId();
				if (id != null && collisions.contains(hash(id))) {
					counts.merge(id, 1L, Long::sum);
					List<SourceLocation> where = places.computeIfAbsent(id, k -> new ArrayList<>());
					if (where.size() < DuplicateIds.PLACES_KEPT) {
						where.add(record.source());
					}
				}
			}
		}
		counts.values().removeIf(count -> count < 2);
		places.keySet().retainAll(counts.keySet());
		return new DuplicateIds(places, counts);
	}

	/** FNV-1a over the UTF-16 units, then a 64-bit finaliser; 0 is kept for "no id". */
	static long hash(String id) {
		long h = 0xcbf29ce484222325L;
		for (int i = 0; i < id.length(); i++) {
			h ^= id.charAt(i);
			h *= 0x100000001b3L;
		}
		h ^= h >>> 33;
		h *= 0xff51afd7ed558ccdL;
		h ^= h >>> 33;
		return h == 0 ? 1 : h;
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("the JDK has no SHA-256", e);
		}
	}

}
