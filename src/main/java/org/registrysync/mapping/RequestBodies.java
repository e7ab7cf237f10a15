package org.registrysync.mapping;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes a request as the JSON body Cortex takes: the schema's field names, absent
 * optional fields left out, booleans and integers as JSON types, and every secret
 * reference replaced by the secret it points to. The same request always gives the same
 * bytes. Thread-safe.
 */
public final class RequestBodies {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * The fields that hold secrets, whatever they are written as; a change to one is
	 * shown without values.
	 */
	public static final List<String> SECRET_FIELDS = List.of("password", "auth_token");

	private final SecretResolver secrets;

	public RequestBodies(SecretResolver secrets) {
		this.secrets = secrets;
	}

	/**
	 * The body to send.
	 * @throws SecretResolutionException when a referenced secret cannot be read now; its
	 * message names the field ({@code auth_token: ${env:NEXUS_TOKEN} cannot be resolved:
	 * …})
	 */
	public RequestBody write(ConnectorRequest request) {
		ObjectNode body = JSON.valueToTree(request);
		List<String> found = new ArrayList<>();
		resolveReferences(body, found);
		for (String field : SECRET_FIELDS) {
			JsonNode value = body.get(field);
			if (value != null && value.isString() && !found.contains(value.stringValue())) {
				found.add(value.stringValue());
			}
		}
		return new RequestBody(JSON.writeValueAsBytes(body), found, body.path("password").asString(),
				body.path("auth_token").asString());
	}

	private void resolveReferences(ObjectNode body, List<String> found) {
		// Paths as in validation errors (asset_scope_filters.AND[1].SEARCH_VALUE), so
		// that a
		// secret that vanished since validation is reported like one that was never
		// there.
		Deque<Map.Entry<String, JsonNode>> pending = new ArrayDeque<>();
		pending.push(Map.entry("", body));
		while (!pending.isEmpty()) {
			Map.Entry<String, JsonNode> next = pending.pop();
			String path = next.getKey();
			JsonNode node = next.getValue();
			if (node instanceof ObjectNode object) {
				for (Map.Entry<String, JsonNode> field : object.properties()) {
					String fieldPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
					if (field.getValue().isString()) {
						object.put(field.getKey(), resolve(fieldPath, field.getValue().stringValue(), found));
					}
					else if (field.getValue().isContainer()) {
						pending.push(Map.entry(fieldPath, field.getValue()));
					}
				}
			}
			else if (node instanceof ArrayNode array) {
				for (int i = 0; i < array.size(); i++) {
					if (array.get(i).isContainer()) {
						pending.push(Map.entry(path + "[" + i + "]", array.get(i)));
					}
				}
			}
		}
	}

	private String resolve(String field, String value, List<String> found) {
		return SecretReference.parse(value).map(reference -> {
			try {
				String secret = secrets.resolve(reference);
				found.add(secret);
				return secret;
			}
			catch (SecretResolutionException e) {
				throw e.in(field);
			}
		}).orElse(value);
	}

}
