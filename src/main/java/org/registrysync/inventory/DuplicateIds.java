package org.registrysync.inventory;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The connector ids that appear more than once in an inventory, each with where it
 * appears (the first few places). Every record carrying one of them is conflicting
 * desired state.
 */
public final class DuplicateIds {

	/** How many places are kept per duplicate id, to name in messages. */
	public static final int PLACES_KEPT = 5;

	private static final DuplicateIds NONE = new DuplicateIds(Map.of(), Map.of());

	private final Map<String, List<SourceLocation>> places;

	private final Map<String, Long> counts;

	DuplicateIds(Map<String, List<SourceLocation>> places, Map<String, Long> counts) {
		this.places = Map.copyOf(places);
		this.counts = Map.copyOf(counts);
	}

	public static DuplicateIds none() {
		return NONE;
	}

	/** How many distinct ids are duplicated. */
	public int size() {
		return places.size();
	}

	/** The ids that appear more than once, in order. */
	public List<String> ids() {
		return places.keySet().stream().sorted().toList();
	}

	/**
	 * The problem to report for a record with this id, naming the other places it
	 * appears; empty when the id is unique.
	 */
	public Optional<String> problem(String connectorId, SourceLocation here) {
		List<SourceLocation> where = places.get(connectorId);
		if (where == null) {
			return Optional.empty();
		}
		List<String> others = where.stream().filter(l -> !l.equals(here)).map(SourceLocation::toString).toList();
		long count = counts.get(connectorId);
		String more = count > where.size() ? " and " + (count - where.size()) + " more" : "";
		return Optional.of("the same connector_id appears " + count + " times (also at " + String.join(", ", others)
				+ more + "); conflicting desired state is never sent, keep one record per connector");
	}

}
