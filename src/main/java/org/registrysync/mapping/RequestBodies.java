package org.registrysync.mapping;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes a request as the JSON body Cortex takes: the schema's field names, absent
 * optional fields left out, booleans and integers as JSON types, and every secret
 * reference replaced by the secret it points to. The bytes are meant for the wire only:
 * never log or store them. Thread-safe.
 */
public final class RequestBodies {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final SecretResolver secrets;

	public RequestBodies(SecretResolver secrets) {
		this.secrets = secrets;
	}

	/**
	 * The body to send.
	 * @throws SecretResolutionException when a referenced secret cannot be read now
	 */
	public byte[] write(ConnectorRequest request) {
		ObjectNode body = JSON.valueToTree(request);
		resolveReferences(body);
		return JSON.writeValueAsBytes(body);
	}

	private void resolveReferences(ObjectNode body) {
		Deque<JsonNode> pending = new ArrayDeque<>();
		pending.push(body);
		while (!pending.isEmpty()) {
			JsonNode node = pending.pop();
			if (node instanceof ObjectNode object) {
				for (Map.Entry<String, JsonNode> field : object.properties()) {
					if (field.getValue().isString()) {
						object.put(field.getKey(), secrets.resolveValue(field.getValue().stringValue()));
					}
					else if (field.getValue().isContainer()) {
						pending.push(field.getValue());
					}
				}
			}
			else if (node instanceof ArrayNode array) {
				for (int i = 0; i < array.size(); i++) {
					if (array.get(i).isString()) {
						array.set(i, array.stringNode(secrets.resolveValue(array.get(i).stringValue())));
					}
					else if (array.get(i).isContainer()) {
						pending.push(array.get(i));
					}
				}
			}
		}
	}

}
