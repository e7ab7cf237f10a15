package org.registrysync.mapping;

import java.util.List;

/** What validation made of one inventory record. */
public sealed interface MappingResult {

	/**
	 * The record is valid and maps to this request.
	 *
	 * @param request the body to send, secret references unresolved
	 * @param literalSecrets whether {@code password} or {@code auth_token} is written in
	 * clear in the inventory
	 */
	record Mapped(ConnectorRequest request, boolean literalSecrets) implements MappingResult {

		/** Leaves the request's values out, whatever its own {@code toString} does. */
		@Override
		public String toString() {
			return "Mapped[connector_id=" + request.connectorId() + ", literalSecrets=" + literalSecrets + "]";
		}

	}

	/**
	 * The record is invalid and is never sent.
	 *
	 * @param errors every problem found, at least one
	 */
	record Rejected(List<FieldError> errors) implements MappingResult {

		public Rejected {
			if (errors.isEmpty()) {
				throw new IllegalArgumentException("a rejected record has at least one error");
			}
			errors = List.copyOf(errors);
		}

		/** The errors, one a line. */
		public String message() {
			return String.join("\n", errors.stream().map(FieldError::toString).toList());
		}

	}

}
