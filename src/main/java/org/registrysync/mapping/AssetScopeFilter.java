package org.registrysync.mapping;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A node of the {@code asset_scope_filters} tree (API schema {@code FilterObject}): an
 * AND or OR of nodes, or a condition on one field.
 */
public sealed interface AssetScopeFilter {

	/** The deepest nesting of AND/OR nodes accepted, counting the root as 1. */
	int MAX_DEPTH = 16;

	/** Every child must match. */
	record And(@JsonProperty("AND") List<AssetScopeFilter> filters) implements AssetScopeFilter {

		public And {
			if (filters.isEmpty()) {
				throw new IllegalArgumentException("AND needs at least one filter");
			}
			filters = List.copyOf(filters);
		}

	}

	/** Any child may match. */
	record Or(@JsonProperty("OR") List<AssetScopeFilter> filters) implements AssetScopeFilter {

		public Or {
			if (filters.isEmpty()) {
				throw new IllegalArgumentException("OR needs at least one filter");
			}
			filters = List.copyOf(filters);
		}

	}

	/** One comparison, e.g. {@code Registry EQ library/ubuntu}. */
	record Condition(@JsonProperty("SEARCH_FIELD") String field, @JsonProperty("SEARCH_TYPE") String type,
			@JsonProperty("SEARCH_VALUE") String value) implements AssetScopeFilter {

		public Condition {
			if (field.isEmpty() || type.isEmpty()) {
				throw new IllegalArgumentException("SEARCH_FIELD and SEARCH_TYPE must not be empty");
			}
		}

	}

}
