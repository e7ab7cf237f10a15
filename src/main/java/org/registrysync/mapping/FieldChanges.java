package org.registrysync.mapping;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.registrysync.inventory.InventoryFields;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The field-by-field changes between a connector as it is and the body about to be sent
 * (SPEC §5), in a fixed order: the request's fields in the order of the API schema
 * ({@link InventoryFields#CSV_COLUMNS}, nested fields where their object stands), then
 * fields registry-sync does not know, by name ({@link String#compareTo}).
 *
 * <p>
 * The rules of {@link #between}:
 * <ul>
 * <li>nested objects are compared field by field, by dotted path as the CSV headers spell
 * them ({@code vendor_specific_configuration.group_ids}), unknown ones too;
 * {@code asset_scope_filters} is one value, the whole tree;</li>
 * <li>a JSON {@code null}, like an empty object, is the same as an absent field, at any
 * depth: Cortex may write either for a field that is not set, and the body leaves such a
 * field out; so is a field that holds the value Cortex takes when it is left out
 * ({@link ApiDefaults}: {@code "enabled": true}, {@code "outpost_id": ""}), and the
 * read-only {@code connector_id} of a GET is no field at all;</li>
 * <li>equal JSON values are no change: numbers by value ({@code 30} and {@code 30.0}),
 * objects by their fields in any order, arrays by their elements in order;</li>
 * <li>a field the connector has and the body lacks is a
 * {@linkplain FieldChange#clearing() clearing}, since a PUT replaces the whole connector;
 * one the body adds is a change from absent; a field registry-sync does not know is
 * reported like any other, named;</li>
 * <li>secrets ({@code password}, {@code auth_token}) never take part: neither body may
 * hold them, and the caller says which of them changed;</li>
 * <li>a field whose value the body about to be sent takes from a secret reference is
 * compared by its resolved value and, when it changes, shown like a secret: named,
 * without values ({@link #referencedFields}).</li>
 * </ul>
 * Immutable and thread-safe.
 *
 * @param changes the changes, in order; no field twice
 */
public record FieldChanges(List<FieldChange> changes) {

	/** No change at all. */
	public static final FieldChanges NONE = new FieldChanges(List.of());

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private static final Comparator<String> ORDER = Comparator.comparingInt(FieldChanges::rank)
		.thenComparing(Comparator.naturalOrder());

	public FieldChanges {
		changes = List.copyOf(changes);
		Set<String> fields = new HashSet<>();
		for (FieldChange change : changes) {
			if (!fields.add(change.field())) {
				throw new IllegalArgumentException(change.field() + " changes twice");
			}
		}
	}

	/**
	 * The changes from one connector body to another.
	 * @param from the connector as it is: its live definition or what was last sent,
	 * without {@code password} and {@code auth_token}
	 * @param to the body about to be sent, secret references as written (never resolved:
	 * values are shown) and without {@code password} and {@code auth_token}, e.g.
	 * {@link #body(ConnectorRequest)}
	 * @param changedSecrets which of {@code password} and {@code auth_token} change
	 * @throws IllegalArgumentException when a body holds a secret field or
	 * {@code changedSecrets} names a field that is not one
	 */
	public static FieldChanges between(ObjectNode from, ObjectNode to, Set<String> changedSecrets) {
		return between(from, to, changedSecrets, Set.of());
	}

	/**
	 * The changes from one connector body to another whose references are resolved.
	 * @param from the connector as it is, as for
	 * {@link #between(ObjectNode, ObjectNode, Set)}
	 * @param to the body about to be sent without {@code password} and
	 * {@code auth_token}, its other references resolved
	 * @param changedSecrets which of {@code password} and {@code auth_token} change
	 * @param referenced the fields of {@code to} whose values come from references
	 * ({@link #referencedFields} of the body as written): a change to one is a
	 * {@link FieldChange.Secret}, its values never shown
	 */
	public static FieldChanges between(ObjectNode from, ObjectNode to, Set<String> changedSecrets,
			Set<String> referenced) {
		for (String secret : RequestBodies.SECRET_FIELDS) {
			if (from.has(secret) || to.has(secret)) {
				throw new IllegalArgumentException("the " + (from.has(secret) ? "from" : "to") + " body holds " + secret
						+ "; pass both bodies without their secrets and say which changed");
			}
		}
		for (String secret : changedSecrets) {
			if (!RequestBodies.SECRET_FIELDS.contains(secret)) {
				throw new IllegalArgumentException(
						secret + " is not a secret field; the secret fields are " + RequestBodies.SECRET_FIELDS);
			}
		}
		Map<String, JsonNode> before = flatten(from);
		Map<String, JsonNode> after = flatten(to);
		before.keySet().removeAll(ApiDefaults.READ_ONLY);
		after.keySet().removeAll(ApiDefaults.READ_ONLY);
		Set<String> fields = new LinkedHashSet<>(before.keySet());
		fields.addAll(after.keySet());
		fields.addAll(changedSecrets);
		List<FieldChange> changes = new ArrayList<>();
		for (String field : fields.stream().sorted(ORDER).toList()) {
			if (changedSecrets.contains(field)) {
				changes.add(new FieldChange.Secret(field));
				continue;
			}
			JsonNode was = before.get(field);
			JsonNode will = after.get(field);
			if (was != null && will != null && same(was, will)) {
				continue;
			}
			// One side leaves the field out and the other holds what Cortex takes then.
			if ((was == null && ApiDefaults.isDefault(field, will))
					|| (will == null && ApiDefaults.isDefault(field, was))) {
				continue;
			}
			if (referenced.contains(field)) {
				changes.add(new FieldChange.Secret(field));
				continue;
			}
			changes.add(new FieldChange.Value(field, shown(was), shown(will), rank(field) < Integer.MAX_VALUE));
		}
		return new FieldChanges(changes);
	}

	/**
	 * The body of a request as changes are computed from it: the fields
	 * {@link RequestBodies} writes, with secret references left as written and without
	 * {@code password} and {@code auth_token}. A new object on every call.
	 */
	public static ObjectNode body(ConnectorRequest request) {
		ObjectNode body = JSON.valueToTree(request);
		body.remove(RequestBodies.SECRET_FIELDS);
		return body;
	}

	/**
	 * The fields of a body, by dotted path as {@link #between} names them, whose values
	 * hold a secret reference: a string that is one, or a filter tree or an array with
	 * one inside.
	 */
	public static Set<String> referencedFields(ObjectNode body) {
		Set<String> referenced = new LinkedHashSet<>();
		flatten(body).forEach((field, value) -> {
			if (holdsReference(value)) {
				referenced.add(field);
			}
		});
		return referenced;
	}

	private static boolean holdsReference(JsonNode value) {
		if (value.isString()) {
			String text = value.stringValue();
			try {
				return text.startsWith("${") && SecretReference.parse(text).isPresent();
			}
			catch (IllegalArgumentException e) {
				// Not a reference a body could have been resolved from.
				return false;
			}
		}
		if (value.isContainer()) {
			for (JsonNode element : value) {
				if (holdsReference(element)) {
					return true;
				}
			}
		}
		return false;
	}

	/** Whether nothing changes. */
	public boolean isEmpty() {
		return changes.isEmpty();
	}

	/** The fields that the PUT clears, in order: the summary warns of them. */
	public List<String> clearedFields() {
		return changes.stream().filter(FieldChange::clearing).map(FieldChange::field).toList();
	}

	/**
	 * The report's {@code changes} array (SPEC §5): {@code {"field": "region", "from":
	 * "us-east-1", "to": "eu-west-1"}} with a JSON {@code null} for an absent side, and
	 * {@code {"field": "password", "secret": true}} for a secret. A new array on every
	 * call.
	 */
	public ArrayNode toJson() {
		ArrayNode array = NODES.arrayNode();
		for (FieldChange change : changes) {
			ObjectNode entry = array.addObject().put("field", change.field());
			switch (change) {
				case FieldChange.Value value -> {
					entry.set("from", value.from() == null ? NODES.nullNode() : value.from());
					entry.set("to", value.to() == null ? NODES.nullNode() : value.to());
				}
				case FieldChange.Secret secret -> entry.put("secret", true);
			}
		}
		return array;
	}

	/**
	 * The changes a {@link #toJson()} array holds, as kept in
	 * {@code sync_outcome.changes}.
	 * @throws IllegalArgumentException when it is not such an array
	 */
	public static FieldChanges fromJson(JsonNode json) {
		if (!(json instanceof ArrayNode array)) {
			throw new IllegalArgumentException("changes are a JSON array, not " + JsonNodes.kind(json));
		}
		List<FieldChange> changes = new ArrayList<>(array.size());
		for (JsonNode entry : array) {
			String field = entry.path("field").asString("");
			if (entry.path("secret").asBoolean(false)) {
				changes.add(new FieldChange.Secret(field));
			}
			else {
				changes.add(new FieldChange.Value(field, present(entry.get("from")), present(entry.get("to")),
						rank(field) < Integer.MAX_VALUE));
			}
		}
		return new FieldChanges(changes);
	}

	private static @Nullable JsonNode present(@Nullable JsonNode value) {
		return (value == null || value.isNull()) ? null : value;
	}

	/**
	 * The changes on one line for the summary, e.g. {@code region us-east-1 → eu-west-1;
	 * enabled true → false; password (secret)}: strings as they are ({@code ""} when
	 * empty) with control characters escaped ({@code \n}), other values as JSON, an
	 * absent value as {@code (absent)} before the arrow and {@code (cleared)} after it.
	 * Empty when nothing changes.
	 */
	public String summary() {
		return changes.stream().map(change -> switch (change) {
			case FieldChange.Value value ->
				value.field() + " " + words(value.from(), "(absent)") + " → " + words(value.to(), "(cleared)");
			case FieldChange.Secret secret -> secret.field() + " (secret)";
		}).collect(Collectors.joining("; "));
	}

	/**
	 * The leaves of a body by dotted path, objects flattened except
	 * {@code asset_scope_filters}; nulls and empty objects give none.
	 */
	private static Map<String, JsonNode> flatten(ObjectNode body) {
		Map<String, JsonNode> leaves = new LinkedHashMap<>();
		flatten(body, "", leaves);
		return leaves;
	}

	private static void flatten(ObjectNode object, String prefix, Map<String, JsonNode> leaves) {
		for (Map.Entry<String, JsonNode> property : object.properties()) {
			String path = prefix + property.getKey();
			JsonNode value = property.getValue();
			if (value.isNull() || value.isMissingNode()) {
				continue;
			}
			if (value instanceof ObjectNode nested && !path.equals(InventoryFields.ASSET_SCOPE_FILTERS)) {
				flatten(nested, path + ".", leaves);
			}
			else {
				leaves.put(path, value);
			}
		}
	}

	/** Where a field stands among the request's fields; unknown fields after them all. */
	private static int rank(String field) {
		int index = InventoryFields.CSV_COLUMNS.indexOf(field);
		return index < 0 ? Integer.MAX_VALUE : index;
	}

	/** JSON equality with numbers by value and nulls as absent fields. */
	private static boolean same(JsonNode a, JsonNode b) {
		if (a.isNumber() && b.isNumber()) {
			if (isFinite(a) && isFinite(b)) {
				return a.decimalValue().compareTo(b.decimalValue()) == 0;
			}
			return a.equals(b);
		}
		if (a instanceof ObjectNode left && b instanceof ObjectNode right) {
			Set<String> names = new HashSet<>();
			left.properties().stream().filter(p -> !p.getValue().isNull()).forEach(p -> names.add(p.getKey()));
			right.properties().stream().filter(p -> !p.getValue().isNull()).forEach(p -> names.add(p.getKey()));
			for (String name : names) {
				JsonNode l = left.get(name);
				JsonNode r = right.get(name);
				if (l == null || r == null || l.isNull() || r.isNull() || !same(l, r)) {
					return false;
				}
			}
			return true;
		}
		if (a instanceof ArrayNode left && b instanceof ArrayNode right) {
			if (left.size() != right.size()) {
				return false;
			}
			for (int i = 0; i < left.size(); i++) {
				if (!same(left.get(i), right.get(i))) {
					return false;
				}
			}
			return true;
		}
		return a.equals(b);
	}

	private static boolean isFinite(JsonNode number) {
		return !(number.isFloatingPointNumber() && !Double.isFinite(number.doubleValue()));
	}

	/**
	 * A value as a change shows it: strings, numbers and booleans as they are, anything
	 * else as compact JSON text; text cut at {@link FieldChange#MAX_SHOWN_LENGTH}.
	 */
	private static @Nullable JsonNode shown(@Nullable JsonNode value) {
		if (value == null) {
			return null;
		}
		if (value.isNumber() || value.isBoolean()) {
			return value;
		}
		return NODES.stringNode(cut(value.isString() ? value.stringValue() : JSON.writeValueAsString(value)));
	}

	private static String cut(String text) {
		if (text.codePointCount(0, text.length()) <= FieldChange.MAX_SHOWN_LENGTH) {
			return text;
		}
		return text.substring(0, text.offsetByCodePoints(0, FieldChange.MAX_SHOWN_LENGTH)) + FieldChange.ELLIPSIS;
	}

	private static String words(@Nullable JsonNode value, String absent) {
		if (value == null) {
			return absent;
		}
		if (!value.isString()) {
			return JSON.writeValueAsString(value);
		}
		String text = value.stringValue();
		if (text.isEmpty()) {
			return "\"\"";
		}
		StringBuilder out = new StringBuilder(text.length());
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				default ->
					out.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
			}
		}
		return out.toString();
	}

}
