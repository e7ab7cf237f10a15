package org.registrysync.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

class FieldChangesTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private static ObjectNode body(String json) {
		return (ObjectNode) JSON.readTree(json);
	}

	private static FieldChanges between(String from, String to) {
		return FieldChanges.between(body(from), body(to), Set.of());
	}

	private static String compact(JsonNode node) {
		return JSON.writeValueAsString(node);
	}

	private static String repeat(char c, int times) {
		return String.valueOf(c).repeat(times);
	}

	@Nested
	class Values {

		@Test
		void aChangedValueIsReportedWithBothSides() {
			// given
			String from = """
					{"connector_id": "rc-7", "region": "us-east-1"}""";
			String to = """
					{"connector_id": "rc-7", "region": "eu-west-1"}""";

			// when
			FieldChanges changes = between(from, to);

			// then
			assertThat(changes.changes()).containsExactly(new FieldChange.Value("region", NODES.stringNode("us-east-1"),
					NODES.stringNode("eu-west-1"), true));
		}

		@Test
		void equalBodiesHaveNoChange() {
			// given
			String same = """
					{"connector_id": "rc-7", "region": "us-east-1", "enabled": true,
					 "initial_scan_configuration": {"mode": "ALL"}}""";

			// when
			FieldChanges changes = between(same, same);

			// then
			assertThat(changes.isEmpty()).isTrue();
			assertThat(changes).isEqualTo(FieldChanges.NONE);
			assertThat(changes.toJson()).isEmpty();
			assertThat(changes.summary()).isEmpty();
		}

		@Test
		void numbersAreComparedByValue() {
			// given
			String from = """
					{"initial_scan_configuration": {"numDays": 30}, "x_limit": 100}""";
			String to = """
					{"initial_scan_configuration": {"numDays": 30.0}, "x_limit": 1e2}""";

			// when
			FieldChanges changes = between(from, to);

			// then
			assertThat(changes.isEmpty()).isTrue();
		}

		@Test
		void aDifferentNumberIsAChange() {
			// given
			String from = """
					{"initial_scan_configuration": {"numDays": 30}}""";
			String to = """
					{"initial_scan_configuration": {"numDays": 31}}""";

			// when
			FieldChanges changes = between(from, to);

			// then
			assertThat(changes.summary()).isEqualTo("initial_scan_configuration.numDays 30 → 31");
		}

		@Test
		void equalBooleansAreNoChangeAndDifferentOnesAre() {
			// given
			String enabled = """
					{"enabled": true, "insecure_pull": false}""";
			String disabled = """
					{"enabled": false, "insecure_pull": false}""";

			// when
			FieldChanges none = between(enabled, enabled);
			FieldChanges one = between(enabled, disabled);

			// then
			assertThat(none.isEmpty()).isTrue();
			assertThat(one.changes()).containsExactly(
					new FieldChange.Value("enabled", NODES.booleanNode(true), NODES.booleanNode(false), true));
		}

		@Test
		void aStringIsNotTheBooleanItSpells() {
			// given
			String from = """
					{"enabled": "true"}""";
			String to = """
					{"enabled": true}""";

			// when
			FieldChanges changes = between(from, to);

			// then
			assertThat(compact(changes.toJson())).isEqualTo("[{\"field\":\"enabled\",\"from\":\"true\",\"to\":true}]");
		}

		@Test
		void arraysAreComparedInOrderAndShownAsCompactJson() {
			// given
			String ab = """
					{"x_tags": ["a", "b"]}""";
			String ba = """
					{"x_tags": [ "b", "a" ]}""";

			// when
			FieldChanges same = between(ab, ab);
			FieldChanges reordered = between(ab, ba);

			// then
			assertThat(same.isEmpty()).isTrue();
			assertThat(reordered.changes()).containsExactly(new FieldChange.Value("x_tags",
					NODES.stringNode("[\"a\",\"b\"]"), NODES.stringNode("[\"b\",\"a\"]"), false));
		}

		@Test
		void aNullIsTheSameAsAnAbsentField() {
			// given
			String from = """
					{"region": "us-east-1", "ca_certificate": null, "vendor_specific_configuration": null}""";
			String to = """
					{"region": "us-east-1", "outpost_id": null}""";

			// when
			FieldChanges there = between(from, to);
			FieldChanges back = between(to, from);

			// then
			assertThat(there.isEmpty()).isTrue();
			assertThat(back.isEmpty()).isTrue();
		}

	}

	@Nested
	class Defaults {

		@Test
		void aFieldHoldingWhatCortexTakesWhenItIsLeftOutIsNoChange() {
			// given: a GET answers every non-pointer field, with its zero value when
			// unset
			String live = """
					{"connector_id": "rc-1", "name": "a", "enabled": true, "outpost_id": "", "broker_type": "",
					 "filter_type": "INCLUDE", "allow_static_ips": false, "initial_scan_configuration": {"mode": "ALL"},
					 "vendor_specific_configuration": {"group_ids": ""}}""";
			String record = """
					{"name": "a"}""";

			// when
			FieldChanges changes = between(live, record);

			// then
			assertThat(changes.isEmpty()).as(changes.summary()).isTrue();
		}

		@Test
		void aValueOtherThanTheDefaultIsAChangeShownAsItIs() {
			// given
			String live = """
					{"enabled": true, "outpost_id": "op-1", "filter_type": "EXCLUDE"}""";
			String record = """
					{"enabled": false}""";

			// when
			FieldChanges changes = between(live, record);

			// then
			assertThat(changes.summary())
				.isEqualTo("enabled true → false; outpost_id op-1 → (cleared); filter_type EXCLUDE → (cleared)");
		}

		@Test
		void theConnectorIdOfAGetIsNoField() {
			assertThat(between("{\"connector_id\": \"rc-1\"}", "{}").isEmpty()).isTrue();
		}

	}

	@Nested
	class NestedObjects {

		@Test
		void nestedFieldsAreNamedByDottedPath() {
			// given
			String from = """
					{"initial_scan_configuration": {"mode": "ALL"},
					 "vendor_specific_configuration": {"group_ids": "1,2", "api_domain_name": "gitlab.example.com"}}""";
			String to = """
					{"initial_scan_configuration": {"mode": "TAGS_MODIFIED_DAYS", "numDays": 30},
					 "vendor_specific_configuration": {"group_ids": "1,2,3", "api_domain_name": "gitlab.example.com"}}""";

			// when
			FieldChanges changes = between(from, to);

			// then
			assertThat(changes.summary()).isEqualTo("initial_scan_configuration.mode ALL → TAGS_MODIFIED_DAYS; "
					+ "initial_scan_configuration.numDays (absent) → 30; "
					+ "vendor_specific_configuration.group_ids 1,2 → 1,2,3");
			assertThat(changes.changes())
				.allMatch(change -> change instanceof FieldChange.Value value && value.known());
		}

		@Test
		void anObjectLeftOutClearsEachOfItsFields() {
			// given
			String from = """
					{"vendor_specific_configuration": {"group_ids": "1,2", "project_ids": "7"}}""";
			String to = "{}";

			// when
			FieldChanges changes = between(from, to);

			// then
			assertThat(changes.clearedFields()).containsExactly("vendor_specific_configuration.group_ids",
					"vendor_specific_configuration.project_ids");
		}

		@Test
		void anObjectAddedAddsEachOfItsFields() {
			// given
			String from = "{}";
			String to = """
					{"vendor_specific_configuration": {"group_ids": "1,2"}}""";

			// when
			FieldChanges changes = between(from, to);

			// then
			assertThat(changes.changes()).containsExactly(new FieldChange.Value(
					"vendor_specific_configuration.group_ids", null, NODES.stringNode("1,2"), true));
			assertThat(changes.clearedFields()).isEmpty();
		}

		@Test
		void anEmptyObjectIsTheSameAsAnAbsentOne() {
			// given
			String from = """
					{"vendor_specific_configuration": {}}""";
			String to = "{}";

			// when
			FieldChanges there = between(from, to);
			FieldChanges back = between(to, from);

			// then
			assertThat(there.isEmpty()).isTrue();
			assertThat(back.isEmpty()).isTrue();
		}

	}

	@Nested
	class AssetScopeFilters {

		private static final String TREE = """
				{"asset_scope_filters": {"AND": [{"SEARCH_FIELD": "Registry", "SEARCH_TYPE": "EQ", "SEARCH_VALUE": "library/ubuntu"},
				 {"OR": [{"SEARCH_FIELD": "Tag", "SEARCH_TYPE": "CONTAINS", "SEARCH_VALUE": "prod"}]}]}}""";

		@Test
		void aChangeDeepInTheTreeIsOneChangeOfTheWholeTree() {
			// given
			String to = TREE.replace("\"prod\"", "\"stage\"");

			// when
			FieldChanges changes = between(TREE, to);

			// then
			assertThat(changes.changes()).hasSize(1);
			FieldChange.Value change = (FieldChange.Value) changes.changes().get(0);
			assertThat(change.field()).isEqualTo("asset_scope_filters");
			assertThat(change.from()).isEqualTo(NODES.stringNode(
					"{\"AND\":[{\"SEARCH_FIELD\":\"Registry\",\"SEARCH_TYPE\":\"EQ\",\"SEARCH_VALUE\":\"library/ubuntu\"},"
							+ "{\"OR\":[{\"SEARCH_FIELD\":\"Tag\",\"SEARCH_TYPE\":\"CONTAINS\",\"SEARCH_VALUE\":\"prod\"}]}]}"));
			assertThat(change.to()).isEqualTo(NODES.stringNode(
					"{\"AND\":[{\"SEARCH_FIELD\":\"Registry\",\"SEARCH_TYPE\":\"EQ\",\"SEARCH_VALUE\":\"library/ubuntu\"},"
							+ "{\"OR\":[{\"SEARCH_FIELD\":\"Tag\",\"SEARCH_TYPE\":\"CONTAINS\",\"SEARCH_VALUE\":\"stage\"}]}]}"));
		}

		@Test
		void theSameTreeWithKeysInAnotherOrderOrANullKeyIsNoChange() {
			// given
			String from = """
					{"asset_scope_filters": {"OR": [{"SEARCH_FIELD": "Tag", "SEARCH_TYPE": "EQ", "SEARCH_VALUE": "prod"}]}}""";
			String to = """
					{"asset_scope_filters": {"OR": [{"SEARCH_VALUE": "prod", "SEARCH_TYPE": "EQ", "SEARCH_FIELD": "Tag", "AND": null}]}}""";

			// when
			FieldChanges there = between(from, to);
			FieldChanges back = between(to, from);

			// then
			assertThat(there.isEmpty()).isTrue();
			assertThat(back.isEmpty()).isTrue();
		}

		@Test
		void childrenInAnotherOrderAreAChange() {
			// given
			String from = """
					{"asset_scope_filters": {"OR": [{"SEARCH_VALUE": "a"}, {"SEARCH_VALUE": "b"}]}}""";
			String to = """
					{"asset_scope_filters": {"OR": [{"SEARCH_VALUE": "b"}, {"SEARCH_VALUE": "a"}]}}""";

			// when
			FieldChanges changes = between(from, to);

			// then
			assertThat(changes.summary()).isEqualTo(
					"asset_scope_filters {\"OR\":[{\"SEARCH_VALUE\":\"a\"},{\"SEARCH_VALUE\":\"b\"}]} → {\"OR\":[{\"SEARCH_VALUE\":\"b\"},{\"SEARCH_VALUE\":\"a\"}]}");
		}

		@Test
		void aTreeAddedOrLeftOutIsOneChange() {
			// given
			String none = "{}";

			// when
			FieldChanges added = between(none, TREE);
			FieldChanges cleared = between(TREE, none);

			// then
			assertThat(added.changes()).singleElement()
				.satisfies(change -> assertThat(((FieldChange.Value) change).from()).isNull());
			assertThat(cleared.clearedFields()).containsExactly("asset_scope_filters");
		}

		@Test
		void anEmptyTreeIsAValue() {
			// given
			String empty = """
					{"asset_scope_filters": {}}""";

			// when
			FieldChanges changes = between("{}", empty);

			// then
			assertThat(changes.summary()).isEqualTo("asset_scope_filters (absent) → {}");
		}

	}

	@Nested
	class Clearing {

		@Test
		void aFieldTheBodyLacksIsCleared() {
			// given
			String from = """
					{"region": "us-east-1", "ca_certificate": "PEM"}""";
			String to = """
					{"region": "us-east-1"}""";

			// when
			FieldChanges changes = between(from, to);

			// then
			assertThat(changes.changes())
				.containsExactly(new FieldChange.Value("ca_certificate", NODES.stringNode("PEM"), null, true));
			assertThat(changes.changes().get(0).clearing()).isTrue();
			assertThat(changes.clearedFields()).containsExactly("ca_certificate");
			assertThat(compact(changes.toJson()))
				.isEqualTo("[{\"field\":\"ca_certificate\",\"from\":\"PEM\",\"to\":null}]");
			assertThat(changes.summary()).isEqualTo("ca_certificate PEM → (cleared)");
		}

		@Test
		void aFieldTheBodyAddsIsAChangeFromAbsentAndNoClearing() {
			// given
			String from = """
					{"region": "us-east-1"}""";
			String to = """
					{"region": "us-east-1", "outpost_id": "op-1"}""";

			// when
			FieldChanges changes = between(from, to);

			// then
			assertThat(changes.changes())
				.containsExactly(new FieldChange.Value("outpost_id", null, NODES.stringNode("op-1"), true));
			assertThat(changes.changes().get(0).clearing()).isFalse();
			assertThat(changes.clearedFields()).isEmpty();
			assertThat(compact(changes.toJson()))
				.isEqualTo("[{\"field\":\"outpost_id\",\"from\":null,\"to\":\"op-1\"}]");
			assertThat(changes.summary()).isEqualTo("outpost_id (absent) → op-1");
		}

		@Test
		void aChangedValueIsNoClearing() {
			// given
			String from = """
					{"region": "us-east-1"}""";
			String to = """
					{"region": "eu-west-1"}""";

			// when
			FieldChanges changes = between(from, to);

			// then
			assertThat(changes.clearedFields()).isEmpty();
		}

	}

	@Nested
	class UnknownFields {

		@Test
		void anUnknownFieldTheConnectorHasIsReportedAsCleared() {
			// given
			String from = """
					{"region": "us-east-1", "scan_schedule": "daily"}""";
			String to = """
					{"region": "us-east-1"}""";

			// when
			FieldChanges changes = between(from, to);

			// then
			assertThat(changes.changes())
				.containsExactly(new FieldChange.Value("scan_schedule", NODES.stringNode("daily"), null, false));
			assertThat(changes.clearedFields()).containsExactly("scan_schedule");
		}

		@Test
		void anUnknownFieldTheBodyAddsIsReported() {
			// given
			String from = "{}";
			String to = """
					{"scan_schedule": "daily"}""";

			// when
			FieldChanges changes = between(from, to);

			// then
			assertThat(changes.changes())
				.containsExactly(new FieldChange.Value("scan_schedule", null, NODES.stringNode("daily"), false));
		}

		@Test
		void anUnknownFieldInAKnownObjectIsReportedByItsPath() {
			// given
			String from = """
					{"initial_scan_configuration": {"mode": "ALL", "priority": 2}}""";
			String to = """
					{"initial_scan_configuration": {"mode": "ALL"}}""";

			// when
			FieldChanges changes = between(from, to);

			// then
			assertThat(changes.changes()).containsExactly(
					new FieldChange.Value("initial_scan_configuration.priority", NODES.numberNode(2), null, false));
		}

		@Test
		void anUnknownObjectIsFlattenedLikeAKnownOne() {
			// given
			String from = """
					{"scan_policy": {"window": {"start": "01:00"}, "retries": 3}}""";
			String to = """
					{"scan_policy": {"window": {"start": "02:00"}, "retries": 3}}""";

			// when
			FieldChanges changes = between(from, to);

			// then
			assertThat(changes.summary()).isEqualTo("scan_policy.window.start 01:00 → 02:00");
		}

		@Test
		void anUnknownFieldEqualOnBothSidesIsNoChange() {
			// given
			String same = """
					{"scan_schedule": "daily"}""";

			// when
			FieldChanges changes = between(same, same);

			// then
			assertThat(changes.isEmpty()).isTrue();
		}

	}

	@Nested
	class Secrets {

		@Test
		void aChangedSecretIsReportedWithoutValues() {
			// given
			ObjectNode same = body("""
					{"region": "us-east-1"}""");

			// when
			FieldChanges changes = FieldChanges.between(same, same, Set.of("password"));

			// then
			assertThat(changes.changes()).containsExactly(new FieldChange.Secret("password"));
			assertThat(compact(changes.toJson())).isEqualTo("[{\"field\":\"password\",\"secret\":true}]");
			assertThat(changes.summary()).isEqualTo("password (secret)");
			assertThat(changes.clearedFields()).isEmpty();
			assertThat(changes.changes().get(0)).hasToString("Secret[field=password]");
		}

		@Test
		void secretsThatDidNotChangeAreNotReported() {
			// given
			ObjectNode same = body("""
					{"region": "us-east-1"}""");

			// when
			FieldChanges changes = FieldChanges.between(same, same, Set.of());

			// then
			assertThat(changes.isEmpty()).isTrue();
		}

		@Test
		void bothSecretsStandWhereTheRequestHasThem() {
			// given
			ObjectNode from = body("""
					{"username": "a", "scanning_mode": "CLOUD"}""");
			ObjectNode to = body("""
					{"username": "b", "scanning_mode": "OUTPOST"}""");

			// when
			FieldChanges changes = FieldChanges.between(from, to, Set.of("auth_token", "password"));

			// then
			assertThat(changes.summary())
				.isEqualTo("username a → b; password (secret); auth_token (secret); scanning_mode CLOUD → OUTPOST");
		}

		@Test
		void aBodyHoldingASecretIsRefusedWithoutItsValue() {
			// given
			ObjectNode withSecret = body("""
					{"password": "hunter2-very-secret"}""");
			ObjectNode without = body("{}");

			// when / then
			assertThatIllegalArgumentException().isThrownBy(() -> FieldChanges.between(withSecret, without, Set.of()))
				.withMessageContaining("from body holds password")
				.withMessageNotContaining("hunter2");
			assertThatIllegalArgumentException().isThrownBy(() -> FieldChanges.between(without, withSecret, Set.of()))
				.withMessageContaining("to body holds password")
				.withMessageNotContaining("hunter2");
		}

		@Test
		void onlySecretFieldsCanBeSaidToHaveChanged() {
			// given
			ObjectNode empty = body("{}");

			// when / then
			assertThatIllegalArgumentException().isThrownBy(() -> FieldChanges.between(empty, empty, Set.of("region")))
				.withMessageContaining("region is not a secret field");
		}

		@Test
		void aSecretFieldIsNeverAValueChange() {
			// when / then
			assertThatIllegalArgumentException()
				.isThrownBy(() -> new FieldChange.Value("auth_token", null, NODES.stringNode("x"), true));
			assertThatIllegalArgumentException().isThrownBy(() -> new FieldChange.Secret(" "));
		}

	}

	@Nested
	class References {

		@Test
		void theFieldsHoldingAReferenceAreFoundAtTheirPathsInsideTreesAndArraysToo() {
			// given
			ObjectNode written = body("""
					{"name": "${env:REGISTRY_NAME}", "region": "us-east-1",
					 "vendor_specific_configuration": {"group_ids": ["g1", "${file:/run/g2}"], "client_id": "c"},
					 "asset_scope_filters": {"AND": [{"SEARCH_FIELD": "x", "SEARCH_VALUE": "${env:V}"}]}}""");

			// when
			Set<String> referenced = FieldChanges.referencedFields(written);

			// then
			assertThat(referenced).containsExactlyInAnyOrder("name", "vendor_specific_configuration.group_ids",
					"asset_scope_filters");
		}

		@Test
		void aReferencedFieldIsComparedByItsResolvedValueAndShownWithoutEither() {
			// given: the certificate comes from a file; live it is the old one
			ObjectNode live = body("""
					{"region": "us-east-1", "ca_certificate": "OLD-PEM-TEXT"}""");
			ObjectNode resolved = body("""
					{"region": "us-east-1", "ca_certificate": "NEW-PEM-TEXT"}""");

			// when
			FieldChanges changed = FieldChanges.between(live, resolved, Set.of(), Set.of("ca_certificate"));
			FieldChanges same = FieldChanges.between(live, live.deepCopy(), Set.of(), Set.of("ca_certificate"));

			// then
			assertThat(changed.changes()).containsExactly(new FieldChange.Secret("ca_certificate"));
			assertThat(changed.summary()).isEqualTo("ca_certificate (secret)");
			assertThat(compact(changed.toJson())).isEqualTo("[{\"field\":\"ca_certificate\",\"secret\":true}]")
				.doesNotContain("PEM-TEXT");
			assertThat(same.isEmpty()).isTrue();
		}

		@Test
		void aReferencedFieldAsksNoChangeWhenOnlyOtherFieldsDiffer() {
			// given
			ObjectNode live = body("""
					{"region": "us-east-1", "name": "n"}""");
			ObjectNode resolved = body("""
					{"region": "eu-west-1", "name": "n"}""");

			// when
			FieldChanges changes = FieldChanges.between(live, resolved, Set.of(), Set.of("name"));

			// then
			assertThat(changes.summary()).isEqualTo("region us-east-1 → eu-west-1");
		}

	}

	@Nested
	class Cut {

		@Test
		void aLongValueIsCutWithAnEllipsis() {
			// given
			String from = "{\"ca_certificate\": \"" + repeat('a', 250) + "\"}";
			String to = "{\"ca_certificate\": \"" + repeat('b', 250) + "\"}";

			// when
			FieldChanges changes = between(from, to);

			// then
			FieldChange.Value change = (FieldChange.Value) changes.changes().get(0);
			assertThat(change.from()).isEqualTo(NODES.stringNode(repeat('a', 200) + "…"));
			assertThat(change.to()).isEqualTo(NODES.stringNode(repeat('b', 200) + "…"));
			assertThat(changes.summary())
				.isEqualTo("ca_certificate " + repeat('a', 200) + "… → " + repeat('b', 200) + "…");
		}

		@Test
		void aValueOfExactlyTheLimitIsShownWhole() {
			// given
			String from = "{\"ca_certificate\": \"" + repeat('a', 200) + "\"}";

			// when
			FieldChanges changes = between(from, "{}");

			// then
			assertThat(((FieldChange.Value) changes.changes().get(0)).from())
				.isEqualTo(NODES.stringNode(repeat('a', 200)));
		}

		@Test
		void theCutCountsCharactersNotHalvesOfThem() {
			// given
			String emoji = "\uD83D\uDC33";
			String from = "{\"name\": \"" + emoji.repeat(201) + "\"}";

			// when
			FieldChanges changes = between(from, "{}");

			// then
			assertThat(((FieldChange.Value) changes.changes().get(0)).from())
				.isEqualTo(NODES.stringNode(emoji.repeat(200) + "…"));
		}

		@Test
		void valuesAreComparedInFullBeforeTheCut() {
			// given
			String from = "{\"ca_certificate\": \"" + repeat('a', 300) + "1\"}";
			String to = "{\"ca_certificate\": \"" + repeat('a', 300) + "2\"}";

			// when
			FieldChanges changes = between(from, to);

			// then
			assertThat(changes.summary())
				.isEqualTo("ca_certificate " + repeat('a', 200) + "… → " + repeat('a', 200) + "…");
		}

		@Test
		void aLongFilterTreeIsCutToo() {
			// given
			String from = "{\"asset_scope_filters\": {\"SEARCH_VALUE\": \"" + repeat('x', 300) + "\"}}";

			// when
			FieldChanges changes = between(from, "{}");

			// then
			assertThat(((FieldChange.Value) changes.changes().get(0)).from())
				.isEqualTo(NODES.stringNode(("{\"SEARCH_VALUE\":\"" + repeat('x', 300)).substring(0, 200) + "…"));
		}

	}

	@Nested
	class Order {

		@Test
		void changesFollowTheRequestsFieldsThenUnknownFieldsByName() {
			// given
			String from = """
					{"zeta": 1, "vendor_specific_configuration": {"group_ids": "1"}, "alpha": 1,
					 "allow_static_ips": false, "initial_scan_configuration": {"numDays": 5, "mode": "ALL", "beta": 1},
					 "region": "us-east-1", "name": "a", "connector_id": "rc-1"}""";
			String to = """
					{"connector_id": "rc-2", "name": "b", "region": "eu-west-1",
					 "initial_scan_configuration": {"mode": "TAGS_MODIFIED_DAYS", "numDays": 6},
					 "allow_static_ips": true, "vendor_specific_configuration": {"group_ids": "2"}}""";

			// when
			FieldChanges changes = FieldChanges.between(body(from), body(to), Set.of("password"));

			// then
			assertThat(changes.changes()).extracting(FieldChange::field)
				.containsExactly("name", "password", "region", "initial_scan_configuration.mode",
						"initial_scan_configuration.numDays", "allow_static_ips",
						"vendor_specific_configuration.group_ids", "alpha", "initial_scan_configuration.beta", "zeta");
		}

		@Test
		void theOrderDoesNotDependOnTheOrderOfTheBodies() {
			// given
			String one = """
					{"region": "a", "name": "a", "x_b": 1, "x_a": 1}""";
			String other = """
					{"x_a": 2, "x_b": 2, "name": "b", "region": "b"}""";

			// when
			FieldChanges there = between(one, other);
			FieldChanges back = between(other, one);

			// then
			assertThat(there.changes()).extracting(FieldChange::field).containsExactly("name", "region", "x_a", "x_b");
			assertThat(back.changes()).extracting(FieldChange::field).containsExactly("name", "region", "x_a", "x_b");
		}

	}

	@Nested
	class Forms {

		@Test
		void theSpecsExampleOnOneLineAndAsJson() {
			// given
			ObjectNode from = body("""
					{"region": "us-east-1", "enabled": true}""");
			ObjectNode to = body("""
					{"region": "eu-west-1", "enabled": false}""");

			// when
			FieldChanges changes = FieldChanges.between(from, to, Set.of("password"));

			// then
			assertThat(changes.summary())
				.isEqualTo("enabled true → false; password (secret); region us-east-1 → eu-west-1");
			assertThat(compact(changes.toJson())).isEqualTo(
					"[{\"field\":\"enabled\",\"from\":true,\"to\":false}," + "{\"field\":\"password\",\"secret\":true},"
							+ "{\"field\":\"region\",\"from\":\"us-east-1\",\"to\":\"eu-west-1\"}]");
		}

		@Test
		void theOneLineFormEscapesLineBreaksAndShowsEmptyStrings() {
			// given
			String from = """
					{"ca_certificate": "-----BEGIN\\nabc\\r\\n\\tend\\u0001", "outpost_id": ""}""";
			String to = """
					{"outpost_id": "op-1", "x_limit": 2.5}""";

			// when
			FieldChanges changes = between(from, to);

			// then
			assertThat(changes.summary()).isEqualTo(
					"outpost_id \"\" → op-1; ca_certificate -----BEGIN\\nabc\\r\\n\\tend\\u0001 → (cleared); x_limit (absent) → 2.5");
			assertThat(changes.summary()).doesNotContain("\n");
		}

		@Test
		void theJsonFormKeepsNumbersAndBooleansAsJson() {
			// given
			String from = """
					{"initial_scan_configuration": {"numDays": 30}, "allow_static_ips": true}""";
			String to = """
					{"initial_scan_configuration": {"numDays": 45}}""";

			// when
			FieldChanges changes = between(from, to);

			// then
			assertThat(compact(changes.toJson()))
				.isEqualTo("[{\"field\":\"initial_scan_configuration.numDays\",\"from\":30,\"to\":45},"
						+ "{\"field\":\"allow_static_ips\",\"from\":true,\"to\":null}]");
		}

		@Test
		void eachCallGivesANewArray() {
			// given
			FieldChanges changes = between("""
					{"region": "a"}""", """
					{"region": "b"}""");

			// when
			changes.toJson().removeAll();

			// then
			assertThat(changes.toJson()).hasSize(1);
		}

	}

	@Nested
	class RequestBody {

		private final ConnectorRequest request = new ConnectorRequest("rc-7", Vendor.GITLAB_CONTAINER_REGISTRY,
				"GitLab", true, "${env:GITLAB_URL}", "scanner", "${env:GITLAB_PASSWORD}", "literal-token",
				ScanningMode.CLOUD, null, null, "us-east-1", false, null, null,
				new InitialScanConfiguration(InitialScanMode.ALL, null), null, null,
				new AssetScopeFilter.Or(List.of(new AssetScopeFilter.Condition("Tag", "EQ", "prod"))), null, null, null,
				null, null, Map.of("group_ids", "1,2"));

		@Test
		void theBodyHasNoSecretsAndLeavesReferencesAsWritten() {
			// when
			ObjectNode body = FieldChanges.body(request);

			// then
			assertThat(body.has("password")).isFalse();
			assertThat(body.has("auth_token")).isFalse();
			assertThat(body.get("url").stringValue()).isEqualTo("${env:GITLAB_URL}");
			assertThat(compact(body)).doesNotContain("literal-token");
		}

		@Test
		void aRequestComparedWithItselfHasNoChange() {
			// given
			ObjectNode body = FieldChanges.body(request);

			// when
			FieldChanges changes = FieldChanges.between(body, FieldChanges.body(request), Set.of());

			// then
			assertThat(changes.isEmpty()).isTrue();
		}

		@Test
		void aLiveDefinitionWithMoreFieldsShowsThemCleared() {
			// given
			ObjectNode live = FieldChanges.body(request);
			live.put("ca_certificate", "PEM");
			live.put("created_by", "console");
			live.putNull("outpost_id");

			// when
			FieldChanges changes = FieldChanges.between(live, FieldChanges.body(request), Set.of("auth_token"));

			// then
			assertThat(changes.summary())
				.isEqualTo("auth_token (secret); ca_certificate PEM → (cleared); created_by console → (cleared)");
			assertThat(changes.clearedFields()).containsExactly("ca_certificate", "created_by");
		}

	}

	@Nested
	class Checks {

		@Test
		void aValueChangeNeedsAFieldAndAValue() {
			// when / then
			assertThatIllegalArgumentException()
				.isThrownBy(() -> new FieldChange.Value(" ", NODES.stringNode("a"), null, true));
			assertThatIllegalArgumentException().isThrownBy(() -> new FieldChange.Value("region", null, null, true));
		}

		@Test
		void aValueShownIsAScalarOfAtMostTheLimit() {
			// when / then
			assertThatIllegalArgumentException()
				.isThrownBy(() -> new FieldChange.Value("x", NODES.objectNode(), null, false));
			assertThatIllegalArgumentException()
				.isThrownBy(() -> new FieldChange.Value("x", NODES.nullNode(), null, false));
			assertThatIllegalArgumentException()
				.isThrownBy(() -> new FieldChange.Value("x", NODES.stringNode(repeat('a', 202)), null, false));
			assertThat(new FieldChange.Value("x", NODES.stringNode(repeat('a', 200) + "…"), null, false).field())
				.isEqualTo("x");
		}

		@Test
		void aFieldChangesOnceAndTheListCannotBeChanged() {
			// given
			FieldChange one = new FieldChange.Secret("password");

			// when / then
			assertThatIllegalArgumentException().isThrownBy(() -> new FieldChanges(List.of(one, one)))
				.withMessage("password changes twice");
			List<FieldChange> list = new java.util.ArrayList<>(List.of(one));
			FieldChanges changes = new FieldChanges(list);
			list.clear();
			assertThat(changes.changes()).containsExactly(one);
		}

	}

}
