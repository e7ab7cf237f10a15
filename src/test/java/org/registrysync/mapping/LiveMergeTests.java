package org.registrysync.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.registrysync.inventory.DuplicateIds;
import org.registrysync.inventory.InventoryRecord;
import org.registrysync.inventory.SourceLocation;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** A partial record laid over a live definition ({@code sync.merge}, SPEC §6). */
class LiveMergeTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final ObjectNode LIVE = object(
			"{\"connector_id\": \"rc-1\", \"vendor\": \"GITLAB_CONTAINER_REGISTRY\", "
					+ "\"name\": \"GitLab\", \"enabled\": true, \"url\": \"https://gitlab.example\", \"username\": \"svc\", "
					+ "\"scanning_mode\": \"CLOUD\", \"outpost_id\": \"\", \"region\": \"us-east-1\", \"insecure_pull\": false, "
					+ "\"description_v2\": \"newer API\", \"repository\": \"${file:/etc/shadow}\", "
					+ "\"initial_scan_configuration\": {\"mode\": \"TAGS_MODIFIED_DAYS\", \"numDays\": 14}, "
					+ "\"asset_scope_filters\": {\"AND\": [{\"SEARCH_FIELD\": \"name\", \"SEARCH_TYPE\": \"CONTAINS\", "
					+ "\"SEARCH_VALUE\": \"prod\"}, {\"SEARCH_FIELD\": \"tag\", \"SEARCH_TYPE\": \"EQUALS\", "
					+ "\"SEARCH_VALUE\": \"v1\"}]}, "
					+ "\"vendor_specific_configuration\": {\"group_ids\": \"7,9\", \"project_ids\": \"12\"}}");

	private final ConnectorMapper mapper = new ConnectorMapper(new SecretResolver(Map.of("S", "s3cret")::get));

	static ObjectNode object(String json) {
		return (ObjectNode) JSON.readTree(json);
	}

	static InventoryRecord json(String fields) {
		return new InventoryRecord(1, new SourceLocation("m.json", 2), object(fields), false, null);
	}

	static InventoryRecord csv(String fields) {
		return new InventoryRecord(1, new SourceLocation("m.csv", 2), object(fields), true, null);
	}

	@Nested
	class Over {

		@Test
		void aGivenFieldReplacesTheLiveOneAndTheRestStays() {
			// when
			ObjectNode merged = LiveMerge.over(json("{\"connector_id\": \"rc-1\", \"region\": \"eu-west-1\"}"), LIVE)
				.record()
				.fields();

			// then
			assertThat(merged.get("region").stringValue()).isEqualTo("eu-west-1");
			assertThat(merged.get("name").stringValue()).isEqualTo("GitLab");
			assertThat(merged.get("initial_scan_configuration")).isEqualTo(LIVE.get("initial_scan_configuration"));
			assertThat(merged.get("asset_scope_filters")).isEqualTo(LIVE.get("asset_scope_filters"));
		}

		@Test
		void nestedObjectsMergeKeyByKeyAndTheFilterTreeIsReplacedWhole() {
			// when
			ObjectNode merged = LiveMerge
				.over(json("{\"connector_id\": \"rc-1\", " + "\"initial_scan_configuration\": {\"numDays\": 30}, "
						+ "\"vendor_specific_configuration\": {\"project_ids\": \"12,13\"}, "
						+ "\"asset_scope_filters\": {\"SEARCH_FIELD\": \"name\", \"SEARCH_TYPE\": \"EQUALS\", "
						+ "\"SEARCH_VALUE\": \"x\"}}"), LIVE)
				.record()
				.fields();

			// then
			assertThat(merged.get("initial_scan_configuration"))
				.isEqualTo(object("{\"mode\": \"TAGS_MODIFIED_DAYS\", \"numDays\": 30}"));
			assertThat(merged.get("vendor_specific_configuration"))
				.isEqualTo(object("{\"group_ids\": \"7,9\", \"project_ids\": \"12,13\"}"));
			assertThat(merged.get("asset_scope_filters")).isEqualTo(
					object("{\"SEARCH_FIELD\": \"name\", \"SEARCH_TYPE\": \"EQUALS\", \"SEARCH_VALUE\": \"x\"}"));
		}

		@Test
		void nullAndTheMarkerClearAFieldOrANestedKey() {
			// when
			LiveMerge.Merged merged = LiveMerge.over(json("{\"connector_id\": \"rc-1\", \"region\": null, "
					+ "\"asset_scope_filters\": \"${clear}\", \"vendor_specific_configuration\": {\"group_ids\": null}}"),
					LIVE);

			// then
			ObjectNode fields = merged.record().fields();
			assertThat(fields.has("region")).isFalse();
			assertThat(fields.has("asset_scope_filters")).isFalse();
			assertThat(fields.get("vendor_specific_configuration")).isEqualTo(object("{\"project_ids\": \"12\"}"));
			assertThat(merged.cleared()).containsExactlyInAnyOrder("region", "asset_scope_filters",
					"vendor_specific_configuration.group_ids");
			assertThat(merged.given()).containsExactly("connector_id");
		}

		@Test
		void aCsvRecordTakesTheLiveValuesAsTextAndTheFilterTreeAsJson() {
			// when
			LiveMerge.Merged merged = LiveMerge.over(csv("{\"connector_id\": \"rc-1\", \"insecure_pull\": \"true\"}"),
					LIVE);

			// then
			ObjectNode fields = merged.record().fields();
			assertThat(merged.record().textual()).isTrue();
			assertThat(fields.get("enabled").isString()).isTrue();
			assertThat(fields.get("enabled").stringValue()).isEqualTo("true");
			assertThat(fields.get("initial_scan_configuration").get("numDays").stringValue()).isEqualTo("14");
			assertThat(JSON.readTree(fields.get("asset_scope_filters").stringValue()))
				.isEqualTo(LIVE.get("asset_scope_filters"));
			assertThat(fields.get("insecure_pull").stringValue()).isEqualTo("true");
		}

		@Test
		void aLiveFieldAnUpdateWouldDropKeepsTheConnectorAsItIs() {
			// when: the live definition holds a field of a newer API and a value that
			// reads as a reference
			LiveMerge.Merged merged = LiveMerge.over(json("{\"connector_id\": \"rc-1\"}"), LIVE);

			// then: neither is carried into the update, and the merge says why none is
			// sent
			ObjectNode fields = merged.record().fields();
			assertThat(fields.has("description_v2")).isFalse();
			assertThat(fields.has("repository")).isFalse();
			assertThat(fields.has("outpost_id")).as("the empty string of an unset field").isFalse();
			assertThat(fields.has("password")).isFalse();
			assertThat(fields.has("auth_token")).isFalse();
			assertThat(merged.kept()).satisfiesExactly(
					unknown -> assertThat(unknown).startsWith("description_v2: the connector holds this field, which "
							+ "registry-sync does not know (a newer API)"),
					reference -> assertThat(reference)
						.startsWith("repository: the connector's value reads as a secret reference")
						.doesNotContain("/etc/shadow"));
		}

		@Test
		void anUnknownLiveFieldThatIsNullOrEmptyIsNoObstacle() {
			// given
			ObjectNode live = (ObjectNode) LIVE.deepCopy().without("repository");
			live.put("description_v2", "");
			live.putNull("schedule_v3");

			// when, then
			assertThat(LiveMerge.over(json("{\"connector_id\": \"rc-1\"}"), live).kept()).isEmpty();
		}

		@Test
		void aRecordThatReplacesOrClearsSuchAFieldCanBeSent() {
			// when
			LiveMerge.Merged merged = LiveMerge.over(json("{\"connector_id\": \"rc-1\", \"repository\": \"lib/app\"}"),
					(ObjectNode) LIVE.deepCopy().without("description_v2"));
			LiveMerge.Merged cleared = LiveMerge.over(json("{\"connector_id\": \"rc-1\", \"repository\": null}"),
					(ObjectNode) LIVE.deepCopy().without("description_v2"));

			// then
			assertThat(merged.kept()).isEmpty();
			assertThat(merged.record().fields().get("repository").stringValue()).isEqualTo("lib/app");
			assertThat(cleared.kept()).isEmpty();
		}

		@Test
		void aClearedSecretIsLeftForTheDefaultsAndAWholeNumberStaysOneInCsv() {
			// given
			ObjectNode live = (ObjectNode) LIVE.deepCopy().without(List.of("description_v2", "repository"));
			((ObjectNode) live.get("initial_scan_configuration")).put("numDays", 14.0);

			// when
			LiveMerge.Merged merged = LiveMerge.over(csv("{\"connector_id\": \"rc-1\", \"password\": \"${clear}\"}"),
					live);

			// then
			assertThat(merged.cleared()).isEmpty();
			assertThat(merged.record().fields().has("password")).isFalse();
			assertThat(merged.record().fields().get("initial_scan_configuration").get("numDays").stringValue())
				.isEqualTo("14");
		}

		@Test
		void theMergedRecordValidatesLikeAnyWithTheSecretsOfThePartialOne() {
			// given
			InventoryRecord partial = json("{\"connector_id\": \"rc-1\", \"region\": \"eu-west-1\", "
					+ "\"password\": \"${env:S}\", \"auth_token\": \"${env:S}\"}");

			// when
			MappingResult result = mapper.map(LiveMerge.over(partial, LIVE).record(), DuplicateIds.none());

			// then
			assertThat(result).isInstanceOf(MappingResult.Mapped.class);
			ConnectorRequest request = ((MappingResult.Mapped) result).request();
			assertThat(request.region()).isEqualTo("eu-west-1");
			assertThat(request.name()).isEqualTo("GitLab");
			assertThat(request.vendorSpecificConfiguration()).containsEntry("group_ids", "7,9");
		}

	}

	@Nested
	class Partial {

		@Test
		void aPartialRecordNeedsOnlyItsIdAndTheSecrets() {
			// when
			var problems = mapper.checkPartial(
					json("{\"connector_id\": \"rc-1\", \"password\": \"${env:S}\", \"auth_token\": \"${env:S}\"}"),
					DuplicateIds.none(), List.of());

			// then
			assertThat(problems).isEmpty();
		}

		@Test
		void withoutTheSecretsItNamesBothAndHowToSupplyThem() {
			// when
			var problems = mapper.checkPartial(json("{\"connector_id\": \"rc-1\", \"region\": \"eu-west-1\"}"),
					DuplicateIds.none(), List.of());

			// then
			assertThat(problems).hasValueSatisfying(rejected -> assertThat(rejected.message())
				.startsWith("password, auth_token: both required in a merge: Cortex never gives secrets back")
				.contains("sync.defaults"));
		}

		@Test
		void secretsTheDefaultsGiveNeedNotBeInTheRecord() {
			// when
			var problems = mapper.checkPartial(json("{\"connector_id\": \"rc-1\", \"password\": null}"),
					DuplicateIds.none(), List.of("password", "auth_token", "region"));

			// then
			assertThat(problems).isEmpty();
		}

		@Test
		void aSecretNeitherTheRecordNorTheDefaultsGiveIsNamedAlone() {
			// when
			var problems = mapper.checkPartial(json("{\"connector_id\": \"rc-1\"}"), DuplicateIds.none(),
					List.of("password"));

			// then
			assertThat(problems).hasValueSatisfying(
					rejected -> assertThat(rejected.message()).startsWith("auth_token: required in a merge"));
		}

		@Test
		void aClearedSecretCountsAsMissing() {
			// when
			var problems = mapper.checkPartial(
					csv("{\"connector_id\": \"rc-1\", \"password\": \"${clear}\", \"auth_token\": \"${env:S}\"}"),
					DuplicateIds.none(), List.of());

			// then
			assertThat(problems).hasValueSatisfying(
					rejected -> assertThat(rejected.message()).startsWith("password: required in a merge"));
		}

		@Test
		void unknownFieldsAndABadIdAreRefusedAtAnyDepth() {
			// when
			var problems = mapper.checkPartial(json("{\"connector_id\": \"rc 1\", \"regoin\": \"x\", "
					+ "\"vendor_specific_configuration\": {\"group_idz\": \"1\"}, \"password\": \"${env:S}\", "
					+ "\"auth_token\": \"${env:S}\"}"), DuplicateIds.none(), List.of());

			// then
			assertThat(problems).hasValueSatisfying(
					rejected -> assertThat(rejected.message()).contains("regoin: unknown field; did you mean 'region'?")
						.contains("vendor_specific_configuration.group_idz: unknown field")
						.contains("connector_id: "));
		}

	}

	@Test
	void theMarkerIsRefusedOutsideAMerge() {
		assertThatIllegalArgumentException().isThrownBy(() -> SecretReference.parse("${clear}"))
			.withMessageContaining("${clear} clears a field in a merge (sync.merge=true) only");
	}

}
