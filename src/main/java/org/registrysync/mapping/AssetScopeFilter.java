package org.registrysync.mapping;

import java.util.List;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A node of the {@code asset_scope_filters} tree (API schema {@code FilterObject}): an
 * AND or OR of nodes, or a condition on one field.
 */
public sealed interface AssetScopeFilter {

	/** The deepest nesting of AND/OR nodes accepted, counting the root as 1. */
	int MAX_DEPTH = 16;

	/**
	 * Every child must match. The schema sets no minimum of children, so an empty AND is
	 * sent as written.
	 */
	record And(@JsonProperty("AND") List<AssetScopeFilter> filters) implements AssetScopeFilter {

		public And {
			filters = List.copyOf(filters);
		}

	}

	/** Any child may match; may be empty, like {@link And}. */
	record Or(@JsonProperty("OR") List<AssetScopeFilter> filters) implements AssetScopeFilter {

		public Or {
			filters = List.copyOf(filters);
		}

	}

	/**
	 * One comparison, e.g. {@code Registry EQ library/ubuntu}. The schema's
	 * {@code TerminalNode} requires none of its keys, and none has a minimum length: an
	 * absent key is left out of the body and an empty string is sent as written.
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Condition(@JsonProperty("SEARCH_FIELD") @Nullable String field,
			@JsonProperty("SEARCH_TYPE") @Nullable String type,
			@JsonProperty("SEARCH_VALUE") @Nullable String value) implements AssetScopeFilter {

		/** Holds a free-text value, which may be a secret. */
		@Override
		public String toString() {
			return "Condition[" + (field == null ? "" : "SEARCH_FIELD") + (type == null ? "" : " SEARCH_TYPE")
					+ (value == null ? "" : " SEARCH_VALUE") + "]";
		}

	}

}
