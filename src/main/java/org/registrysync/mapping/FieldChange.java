package org.registrysync.mapping;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;

/**
 * How one field of a connector differs between what it is now and what is about to be
 * sent (SPEC §5). Built by {@link FieldChanges#between}; values are never secrets: a
 * secret field is only ever a {@link Secret}.
 */
public sealed interface FieldChange {

	/**
	 * The longest value shown, in characters (code points): a longer one is cut to this
	 * many and ends in {@value #ELLIPSIS}, so that a certificate or a large filter tree
	 * does not flood a summary or a report. Values are compared in full before they are
	 * cut, so two long values that differ only after the cut are a change that shows the
	 * same text on both sides.
	 */
	int MAX_SHOWN_LENGTH = 200;

	/** What ends a value cut at {@link #MAX_SHOWN_LENGTH}. */
	String ELLIPSIS = "…";

	/**
	 * The field, as a CSV header names it: top-level fields by name, fields of nested
	 * objects by dotted path ({@code initial_scan_configuration.mode}).
	 */
	String field();

	/**
	 * Whether the change removes the field: the connector has it and the body about to be
	 * sent does not, so the PUT, which replaces the whole connector, clears it.
	 */
	boolean clearing();

	/**
	 * A field whose value changes, appears or disappears.
	 *
	 * @param field the field or dotted path
	 * @param from the value now, or {@code null} when the field is absent; a string, a
	 * number or a boolean ({@code asset_scope_filters} and arrays as their compact JSON
	 * text), strings cut at {@link #MAX_SHOWN_LENGTH}
	 * @param to the value about to be sent, or {@code null} when the field is left out (a
	 * {@linkplain #clearing() clearing}); shown like {@code from}
	 * @param known whether registry-sync knows the field (it is one of the request's
	 * fields); an unknown one, e.g. from a newer API, is reported all the same
	 */
	record Value(String field, @Nullable JsonNode from, @Nullable JsonNode to, boolean known) implements FieldChange {

		public Value {
			if (field.isBlank()) {
				throw new IllegalArgumentException("a change needs a field name");
			}
			if (RequestBodies.SECRET_FIELDS.contains(field)) {
				throw new IllegalArgumentException(field + " is a secret: its change is a Secret, without values");
			}
			if (from == null && to == null) {
				throw new IllegalArgumentException(field + ": a change needs a value on at least one side");
			}
			check(field, from);
			check(field, to);
		}

		private static void check(String field, @Nullable JsonNode value) {
			if (value == null) {
				return;
			}
			if (!value.isString() && !value.isNumber() && !value.isBoolean()) {
				throw new IllegalArgumentException(
						field + ": a value shown is a string, a number or a boolean, not " + JsonNodes.kind(value));
			}
			if (value.isString() && value.stringValue()
				.codePointCount(0, value.stringValue().length()) > MAX_SHOWN_LENGTH + ELLIPSIS.length()) {
				throw new IllegalArgumentException(
						field + ": a value shown is cut at " + MAX_SHOWN_LENGTH + " characters");
			}
		}

		@Override
		public boolean clearing() {
			return to == null;
		}

	}

	/**
	 * A secret that changes: a secret field ({@code password} or {@code auth_token}), or
	 * any other field whose value comes from a secret reference ({@code ${file:…}},
	 * {@code ${env:…}}), compared resolved with the live definition. Its values are never
	 * shown: whether it changed is the caller's knowledge (a fingerprint, or the resolved
	 * value compared and then dropped), and a secret, which the body about to be sent
	 * holds, is never cleared.
	 *
	 * @param field the field or dotted path
	 */
	record Secret(String field) implements FieldChange {

		public Secret {
			if (field.isBlank()) {
				throw new IllegalArgumentException("a change needs a field name");
			}
		}

		@Override
		public boolean clearing() {
			return false;
		}

	}

}
