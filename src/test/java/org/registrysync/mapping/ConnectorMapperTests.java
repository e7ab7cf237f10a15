package org.registrysync.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.registrysync.inventory.DuplicateIds;
import org.registrysync.inventory.InventoryFile;
import org.registrysync.inventory.InventoryJson;
import org.registrysync.inventory.InventoryRecord;
import org.registrysync.inventory.InventoryScanner;
import org.registrysync.inventory.SourceLocation;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

class ConnectorMapperTests {

	private static final Map<String, String> ENV = Map.of("REGISTRY_PASSWORD", "s3cret", "EMPTY", "");

	private final ConnectorMapper mapper = new ConnectorMapper(new SecretResolver(ENV::get));

	/** A valid JSON record with every required field. */
	static ObjectNode valid() {
		ObjectNode record = JsonNodeFactory.instance.objectNode();
		record.put("connector_id", "rc-1");
		record.put("vendor", "DOCKER");
		record.put("name", "Registry");
		record.put("url", "https://registry.example.com");
		record.put("username", "scanner");
		record.put("password", "${env:REGISTRY_PASSWORD}");
		record.put("auth_token", "${env:REGISTRY_PASSWORD}");
		record.put("scanning_mode", "CLOUD");
		record.put("region", "us-east-1");
		record.put("insecure_pull", false);
		record.putObject("initial_scan_configuration").put("mode", "ALL");
		return record;
	}

	private MappingResult map(ObjectNode fields) {
		return mapper.map(new InventoryRecord(1, new SourceLocation("c.json", 2), fields, false, null),
				DuplicateIds.none());
	}

	private MappingResult mapCsv(ObjectNode fields) {
		return mapper.map(new InventoryRecord(1, new SourceLocation("c.csv", 2), fields, true, null),
				DuplicateIds.none());
	}

	private MappingResult with(Consumer<ObjectNode> change) {
		ObjectNode record = valid();
		change.accept(record);
		return map(record);
	}

	private static ConnectorRequest request(MappingResult result) {
		assertThat(result).isInstanceOf(MappingResult.Mapped.class);
		return ((MappingResult.Mapped) result).request();
	}

	private static List<String> errors(MappingResult result) {
		assertThat(result).isInstanceOf(MappingResult.Rejected.class);
		return ((MappingResult.Rejected) result).errors().stream().map(FieldError::toString).toList();
	}

	/** A CSV record: every value a string, nested objects from dotted headers. */
	static ObjectNode csv(Map<String, String> cells) {
		ObjectNode record = JsonNodeFactory.instance.objectNode();
		cells.forEach((column, value) -> {
			int dot = column.indexOf('.');
			if (dot < 0) {
				record.put(column, value);
			}
			else {
				ObjectNode nested = record.has(column.substring(0, dot))
						? (ObjectNode) record.get(column.substring(0, dot))
						: record.putObject(column.substring(0, dot));
				nested.put(column.substring(dot + 1), value);
			}
		});
		return record;
	}

	static Map<String, String> validCells() {
		return new java.util.LinkedHashMap<>(Map.ofEntries(Map.entry("connector_id", "rc-1"),
				Map.entry("vendor", "DOCKER"), Map.entry("name", "Registry"), Map.entry("url", "https://r.example"),
				Map.entry("username", "u"), Map.entry("password", "${env:REGISTRY_PASSWORD}"),
				Map.entry("auth_token", "${env:REGISTRY_PASSWORD}"), Map.entry("scanning_mode", "CLOUD"),
				Map.entry("region", "r"), Map.entry("insecure_pull", "false"),
				Map.entry("initial_scan_configuration.mode", "ALL")));
	}

	@Test
	void mapsAValidRecordWithEveryOptionalFieldAbsent() {
		// given
		ObjectNode record = valid();

		// when
		ConnectorRequest request = request(map(record));

		// then
		assertThat(request.connectorId()).isEqualTo("rc-1");
		assertThat(request.vendor()).isEqualTo(Vendor.DOCKER);
		assertThat(request.enabled()).isNull();
		assertThat(request.insecurePull()).isFalse();
		assertThat(request.initialScanConfiguration())
			.isEqualTo(new InitialScanConfiguration(InitialScanMode.ALL, null));
		assertThat(request.password()).as("references stay unresolved until sending")
			.isEqualTo("${env:REGISTRY_PASSWORD}");
	}

	@Test
	void reportsEveryErrorOfARecordAtOnce() {
		// given
		ObjectNode record = valid();
		record.put("vendor", "QUAY");
		record.remove("name");
		record.put("enabled", "yes");
		((ObjectNode) record.get("initial_scan_configuration")).put("numDays", 0);

		// when
		List<String> errors = errors(map(record));

		// then
		assertThat(errors).hasSize(4)
			.anyMatch(e -> e.startsWith("vendor: 'QUAY' is not one of DOCKER"))
			.contains("name: required")
			.anyMatch(e -> e.startsWith("enabled: must be true or false"))
			.contains("initial_scan_configuration.numDays: 0 is below the minimum of 1 (range 1 to 90)");
	}

	@Nested
	class RequiredFields {

		@ParameterizedTest
		@ValueSource(strings = { "connector_id", "vendor", "name", "url", "username", "password", "auth_token",
				"scanning_mode", "region", "insecure_pull", "initial_scan_configuration" })
		void aMissingRequiredFieldIsInvalid(String field) {
			assertThat(errors(with(r -> r.remove(field)))).containsExactly(field + ": required");
		}

		@ParameterizedTest
		@ValueSource(strings = { "connector_id", "name", "password", "insecure_pull", "initial_scan_configuration" })
		void anExplicitNullCountsAsMissing(String field) {
			assertThat(errors(with(r -> r.putNull(field)))).containsExactly(field + ": required");
		}

		@Test
		void anEmptyCsvCellIsAnAbsentField() {
			Map<String, String> cells = validCells();
			cells.remove("region");
			assertThat(errors(mapCsv(csv(cells)))).containsExactly("region: required; the cell is empty");
		}

		@ParameterizedTest
		@ValueSource(strings = { "password", "auth_token" })
		void anEmptySecretIsSentAsWrittenSinceTheSchemaSetsNoMinimumLength(String field) {
			MappingResult result = with(r -> r.put(field, ""));
			assertThat(request(result)).extracting(field.equals("password") ? "password" : "authToken").isEqualTo("");
			assertThat(((MappingResult.Mapped) result).literalSecrets()).isTrue();
		}

		@ParameterizedTest
		@ValueSource(strings = { "password", "auth_token" })
		void anEmptyCsvSecretCellIsStillAnAbsentRequiredField(String field) {
			Map<String, String> cells = validCells();
			cells.remove(field);
			assertThat(errors(mapCsv(csv(cells)))).containsExactly(field + ": required; the cell is empty");
		}

	}

	@Nested
	class Enums {

		@ParameterizedTest
		@EnumSource(Vendor.class)
		void acceptsEveryVendor(Vendor vendor) {
			assertThat(request(with(r -> r.put("vendor", vendor.name()))).vendor()).isEqualTo(vendor);
		}

		@ParameterizedTest
		@EnumSource(ScanningMode.class)
		void acceptsEveryScanningMode(ScanningMode mode) {
			assertThat(request(with(r -> r.put("scanning_mode", mode.name()))).scanningMode()).isEqualTo(mode);
		}

		@ParameterizedTest
		@EnumSource(CloudProvider.class)
		void acceptsEveryCloudProvider(CloudProvider provider) {
			assertThat(request(with(r -> r.put("cloud_provider", provider.name()))).cloudProvider())
				.isEqualTo(provider);
		}

		@ParameterizedTest
		@EnumSource(RegistryType.class)
		void acceptsEveryRegistryType(RegistryType type) {
			assertThat(request(with(r -> r.put("registry_type", type.name()))).registryType()).isEqualTo(type);
		}

		@ParameterizedTest
		@EnumSource(BrokerType.class)
		void acceptsEveryBrokerType(BrokerType type) {
			assertThat(request(with(r -> r.put("broker_type", type.name()))).brokerType()).isEqualTo(type);
		}

		@ParameterizedTest
		@EnumSource(FilterType.class)
		void acceptsEveryFilterType(FilterType type) {
			assertThat(request(with(r -> r.put("filter_type", type.name()))).filterType()).isEqualTo(type);
		}

		@ParameterizedTest
		@EnumSource(value = InitialScanMode.class, names = { "ALL", "LATEST_TAG" })
		void acceptsEveryInitialScanModeWithoutDays(InitialScanMode mode) {
			ConnectorRequest request = request(
					with(r -> ((ObjectNode) r.get("initial_scan_configuration")).put("mode", mode.name())));
			assertThat(request.initialScanConfiguration().mode()).isEqualTo(mode);
		}

		@ParameterizedTest
		@ValueSource(strings = { "vendor", "scanning_mode", "cloud_provider", "registry_type", "broker_type",
				"filter_type" })
		void rejectsAValueOutsideTheEnum(String field) {
			assertThat(errors(with(r -> r.put(field, "NOPE")))).singleElement()
				.asString()
				.startsWith(field + ": 'NOPE' is not one of ");
		}

		@Test
		void rejectsAnInitialScanModeOutsideTheEnum() {
			assertThat(errors(with(r -> ((ObjectNode) r.get("initial_scan_configuration")).put("mode", "NEWEST"))))
				.containsExactly(
						"initial_scan_configuration.mode: 'NEWEST' is not one of ALL, LATEST_TAG, TAGS_MODIFIED_DAYS");
		}

		@Test
		void enumsAreCaseSensitiveAndSuggestTheRightSpelling() {
			assertThat(errors(with(r -> r.put("vendor", "docker_hub")))).singleElement()
				.asString()
				.endsWith("did you mean DOCKER_HUB?");
		}

		@Test
		void anEnumMustBeAString() {
			assertThat(errors(with(r -> r.put("vendor", 3)))).singleElement().asString().endsWith("not a number");
		}

	}

	@Nested
	class Types {

		@ParameterizedTest
		@ValueSource(strings = { "true", "TRUE", "True", "false", "FALSE" })
		void csvBooleansAreTrueOrFalseInAnyCase(String text) {
			Map<String, String> cells = validCells();
			cells.put("insecure_pull", text);
			cells.put("enabled", text);
			ConnectorRequest request = request(mapCsv(csv(cells)));
			assertThat(request.insecurePull()).isEqualTo(Boolean.parseBoolean(text));
			assertThat(request.enabled()).isEqualTo(Boolean.parseBoolean(text));
		}

		@ParameterizedTest
		@ValueSource(strings = { "yes", "no", "1", "0", "t", " true" })
		void csvBooleansRejectEverythingElse(String text) {
			Map<String, String> cells = validCells();
			cells.put("insecure_pull", text);
			assertThat(errors(mapCsv(csv(cells)))).singleElement()
				.asString()
				.isEqualTo("insecure_pull: '" + text + "' is not a boolean; write true or false");
		}

		@ParameterizedTest
		@ValueSource(strings = { "enabled", "insecure_pull", "allow_static_ips" })
		void jsonBooleansMustBeJsonBooleans(String field) {
			assertThat(errors(with(r -> r.put(field, "true"))))
				.containsExactly(field + ": must be true or false, not a string");
		}

		@ParameterizedTest
		@ValueSource(strings = { "name", "url", "username", "password", "auth_token", "region", "outpost_id",
				"ca_certificate", "repository", "ip_identifier", "tenant_id", "broker_id", "connector_id" })
		void stringsMustBeJsonStrings(String field) {
			assertThat(errors(with(r -> r.put(field, 42)))).containsExactly(field + ": must be a string, not a number");
		}

		@Test
		void anObjectFieldMustBeAnObject() {
			assertThat(errors(with(r -> r.put("initial_scan_configuration", "ALL"))))
				.containsExactly("initial_scan_configuration: must be an object, not a string");
		}

		@Test
		void aStringAtTheLengthLimitIsAcceptedAndOneMoreCharacterIsNot() {
			String limit = "x".repeat(ConnectorMapper.MAX_STRING_LENGTH);
			assertThat(request(with(r -> r.put("ca_certificate", limit))).caCertificate()).hasSize(limit.length());
			assertThat(errors(with(r -> r.put("ca_certificate", limit + "x")))).singleElement()
				.asString()
				.startsWith("ca_certificate: is 262145 characters long; the limit is 262144");
		}

		@Test
		void errorsNeverQuoteFreeTextValues() {
			assertThat(errors(with(r -> r.put("password", 12345678)))).singleElement()
				.asString()
				.doesNotContain("12345678");
		}

	}

	@Nested
	class UnknownFields {

		@Test
		void anUnknownJsonFieldMakesTheRecordInvalidAndNamesTheClosestField() {
			assertThat(errors(with(r -> r.put("regoin", "eu"))))
				.containsExactly("regoin: unknown field; did you mean 'region'?");
		}

		@Test
		void anUnknownNestedFieldIsInvalidToo() {
			assertThat(errors(with(r -> ((ObjectNode) r.get("initial_scan_configuration")).put("num_days", 3))))
				.containsExactly("initial_scan_configuration.num_days: unknown field; did you mean 'numDays'?");
		}

	}

	@Nested
	class NumDays {

		private MappingResult days(Object value) {
			return with(r -> {
				ObjectNode config = (ObjectNode) r.get("initial_scan_configuration");
				config.put("mode", "TAGS_MODIFIED_DAYS");
				if (value instanceof Integer number) {
					config.put("numDays", number);
				}
				else if (value instanceof Double number) {
					config.put("numDays", number);
				}
				else if (value != null) {
					config.put("numDays", value.toString());
				}
			});
		}

		@ParameterizedTest
		@ValueSource(ints = { 1, 7, 90 })
		void acceptsOneToNinety(int days) {
			assertThat(request(days(days)).initialScanConfiguration())
				.isEqualTo(new InitialScanConfiguration(InitialScanMode.TAGS_MODIFIED_DAYS, days));
		}

		@Test
		void rejectsZero() {
			assertThat(errors(days(0)))
				.containsExactly("initial_scan_configuration.numDays: 0 is below the minimum of 1 (range 1 to 90)");
		}

		@Test
		void rejectsNinetyOne() {
			assertThat(errors(days(91)))
				.containsExactly("initial_scan_configuration.numDays: 91 is above the maximum of 90 (range 1 to 90)");
		}

		@Test
		void rejectsANegativeNumber() {
			assertThat(errors(days(-1))).singleElement().asString().contains("-1 is below the minimum of 1");
		}

		@Test
		void isRequiredWithTagsModifiedDays() {
			assertThat(errors(days(null))).containsExactly(
					"initial_scan_configuration.numDays: required with mode TAGS_MODIFIED_DAYS; give the number of days, 1 to 90");
		}

		@Test
		void mustBeAWholeJsonNumber() {
			assertThat(errors(days("7"))).singleElement().asString().endsWith("must be a whole number, not a string");
			assertThat(errors(days(7.5))).singleElement().asString().endsWith("must be a whole number, not 7.5");
		}

		@ParameterizedTest
		@EnumSource(value = InitialScanMode.class, names = { "ALL", "LATEST_TAG" })
		void isSentAsGivenWithAnotherMode(InitialScanMode mode) {
			// The schema ties numDays to no mode.
			MappingResult result = with(
					r -> ((ObjectNode) r.get("initial_scan_configuration")).put("mode", mode.name()).put("numDays", 7));
			assertThat(request(result).initialScanConfiguration()).isEqualTo(new InitialScanConfiguration(mode, 7));
		}

		@Test
		void isSentAsGivenWithoutMode() {
			assertThat(request(with(r -> r.putObject("initial_scan_configuration").put("numDays", 7)))
				.initialScanConfiguration()).isEqualTo(new InitialScanConfiguration(null, 7));
		}

		@Test
		void keepsItsRangeWithAnotherMode() {
			assertThat(errors(with(r -> ((ObjectNode) r.get("initial_scan_configuration")).put("numDays", 91))))
				.containsExactly("initial_scan_configuration.numDays: 91 is above the maximum of 90 (range 1 to 90)");
		}

		@Test
		void aJsonNumberWithAZeroFractionIsAWholeNumber() {
			assertThat(request(days(7.0)).initialScanConfiguration().numDays()).isEqualTo(7);
		}

		@Test
		void aNumberTooLargeForAnyIntegerTypeIsAboveTheMaximum() {
			assertThat(errors(days(Double.valueOf(1e20)))).containsExactly(
					"initial_scan_configuration.numDays: 1.0E20 is above the maximum of 90 (range 1 to 90)");
		}

		@Test
		void csvDaysArePlainDigits() {
			Map<String, String> cells = validCells();
			cells.put("initial_scan_configuration.mode", "TAGS_MODIFIED_DAYS");
			cells.put("initial_scan_configuration.numDays", "30");
			assertThat(request(mapCsv(csv(cells))).initialScanConfiguration().numDays()).isEqualTo(30);
			for (String notDigits : List.of("+30", "-1", "seven", "7.0")) {
				cells.put("initial_scan_configuration.numDays", notDigits);
				assertThat(errors(mapCsv(csv(cells)))).containsExactly("initial_scan_configuration.numDays: '"
						+ notDigits + "' is not a whole number in plain digits; write e.g. 7");
			}
		}

		@Test
		void aCsvNumberOfAQuarterMillionDigitsIsAboveTheMaximum() {
			Map<String, String> cells = validCells();
			cells.put("initial_scan_configuration.mode", "TAGS_MODIFIED_DAYS");
			cells.put("initial_scan_configuration.numDays", "9".repeat(ConnectorMapper.MAX_STRING_LENGTH));
			assertThat(errors(mapCsv(csv(cells)))).singleElement()
				.asString()
				.startsWith("initial_scan_configuration.numDays: 9999")
				.endsWith("… is above the maximum of 90 (range 1 to 90)");
		}

		@Test
		void aLongCsvNumberIsAboveTheMaximumNotMalformed() {
			Map<String, String> cells = validCells();
			cells.put("initial_scan_configuration.mode", "TAGS_MODIFIED_DAYS");
			cells.put("initial_scan_configuration.numDays", "1234567890");
			assertThat(errors(mapCsv(csv(cells)))).containsExactly(
					"initial_scan_configuration.numDays: 1234567890 is above the maximum of 90 (range 1 to 90)");
		}

	}

	@Nested
	class AssetScopeFilters {

		private static ObjectNode condition(String value) {
			ObjectNode node = JsonNodeFactory.instance.objectNode();
			node.put("SEARCH_FIELD", "Registry");
			node.put("SEARCH_TYPE", "EQ");
			node.put("SEARCH_VALUE", value);
			return node;
		}

		private static ObjectNode nested(String operator, int depth) {
			ObjectNode node = condition("x");
			for (int i = 0; i < depth; i++) {
				ObjectNode parent = JsonNodeFactory.instance.objectNode();
				parent.putArray(operator).add(node);
				node = parent;
			}
			return node;
		}

		@Test
		void mapsNestedAndOr() {
			ObjectNode tree = JsonNodeFactory.instance.objectNode();
			ArrayNode and = tree.putArray("AND");
			and.add(condition("a"));
			and.addObject().putArray("OR").add(condition("b")).add(condition("c"));

			AssetScopeFilter filter = request(with(r -> r.set("asset_scope_filters", tree))).assetScopeFilters();

			assertThat(filter)
				.isEqualTo(new AssetScopeFilter.And(List.of(new AssetScopeFilter.Condition("Registry", "EQ", "a"),
						new AssetScopeFilter.Or(List.of(new AssetScopeFilter.Condition("Registry", "EQ", "b"),
								new AssetScopeFilter.Condition("Registry", "EQ", "c"))))));
		}

		@Test
		void acceptsTheDepthBoundAndRejectsOneLevelMore() {
			assertThat(request(with(r -> r.set("asset_scope_filters", nested("AND", AssetScopeFilter.MAX_DEPTH))))
				.assetScopeFilters()).isNotNull();
			assertThat(errors(with(r -> r.set("asset_scope_filters", nested("OR", AssetScopeFilter.MAX_DEPTH + 1)))))
				.singleElement()
				.asString()
				.contains("nested deeper than 16 AND/OR levels");
		}

		@ParameterizedTest
		@ValueSource(strings = { "SEARCH_FIELD", "SEARCH_TYPE", "SEARCH_VALUE" })
		void anEmptyConditionStringIsSentAsWritten(String key) {
			// The schema's TerminalNode sets no minimum length.
			ObjectNode node = condition("x").put(key, "");
			AssetScopeFilter filter = request(with(r -> r.set("asset_scope_filters", node))).assetScopeFilters();
			assertThat(filter).isEqualTo(new AssetScopeFilter.Condition(key.equals("SEARCH_FIELD") ? "" : "Registry",
					key.equals("SEARCH_TYPE") ? "" : "EQ", key.equals("SEARCH_VALUE") ? "" : "x"));
		}

		@Test
		void aConditionMayLeaveKeysOutAndAnEmptyNodeIsAnEmptyCondition() {
			// The schema's TerminalNode requires none of its keys; the vendor's own
			// example
			// sends {"AND": [{"AND": [{}]}]}.
			ObjectNode partial = condition("x");
			partial.remove("SEARCH_TYPE");
			ObjectNode tree = JsonNodeFactory.instance.objectNode();
			tree.putArray("AND").add(partial).addObject();
			assertThat(request(with(r -> r.set("asset_scope_filters", tree))).assetScopeFilters())
				.isEqualTo(new AssetScopeFilter.And(List.of(new AssetScopeFilter.Condition("Registry", null, "x"),
						new AssetScopeFilter.Condition(null, null, null))));
		}

		@ParameterizedTest
		@ValueSource(strings = { "AND", "OR" })
		void anEmptyArrayIsSentAsWritten(String operator) {
			// The schema sets no minItems.
			ObjectNode tree = JsonNodeFactory.instance.objectNode();
			tree.putArray(operator);
			AssetScopeFilter filter = request(with(r -> r.set("asset_scope_filters", tree))).assetScopeFilters();
			assertThat(filter).isEqualTo(
					operator.equals("AND") ? new AssetScopeFilter.And(List.of()) : new AssetScopeFilter.Or(List.of()));
		}

		@Test
		void aNodeOfTwoKindsFitsNoSchemaBranchAndNamesWhatItHolds() {
			ObjectNode mixed = condition("x");
			mixed.putArray("OR").add(condition("y"));
			assertThat(errors(with(r -> r.set("asset_scope_filters", mixed)))).singleElement()
				.asString()
				.startsWith("asset_scope_filters: holds OR and SEARCH_FIELD/SEARCH_TYPE/SEARCH_VALUE in one node; "
						+ "a node is either an AND, an OR or a SEARCH_FIELD/SEARCH_TYPE/SEARCH_VALUE condition");
			ObjectNode both = JsonNodeFactory.instance.objectNode();
			both.putArray("AND");
			both.putArray("OR");
			assertThat(errors(with(r -> r.set("asset_scope_filters", both)))).singleElement()
				.asString()
				.startsWith("asset_scope_filters: holds AND and OR in one node");
		}

		@Test
		void anOperatorTakesAnArrayAndAConditionKeyAString() {
			ObjectNode notArray = JsonNodeFactory.instance.objectNode().put("AND", "x");
			assertThat(errors(with(r -> r.set("asset_scope_filters", notArray))))
				.containsExactly("asset_scope_filters.AND: must be an array of filter nodes, not a string");
			ObjectNode number = condition("x").put("SEARCH_VALUE", 3);
			assertThat(errors(with(r -> r.set("asset_scope_filters", number))))
				.containsExactly("asset_scope_filters.SEARCH_VALUE: must be a string, not a number");
			ObjectNode withNull = JsonNodeFactory.instance.objectNode();
			withNull.putArray("OR").addNull();
			assertThat(errors(with(r -> r.set("asset_scope_filters", withNull)))).containsExactly(
					"asset_scope_filters.OR[0]: must be an object with AND, OR, or SEARCH_FIELD/SEARCH_TYPE/SEARCH_VALUE, not null");
		}

		@Test
		void namesTheUnknownKeyWithItsPath() {
			ObjectNode tree = JsonNodeFactory.instance.objectNode();
			ObjectNode typo = condition("x");
			typo.put("SEARCH_VALEU", "y");
			tree.putArray("OR").add(condition("a")).add(typo);
			assertThat(errors(with(r -> r.set("asset_scope_filters", tree))))
				.containsExactly("asset_scope_filters.OR[1].SEARCH_VALEU: unknown field; did you mean 'SEARCH_VALUE'?");
		}

		@Test
		void aCsvCellHoldsTheTreeAsJson() {
			Map<String, String> cells = validCells();
			cells.put("asset_scope_filters",
					"{\"OR\": [{\"SEARCH_FIELD\": \"a\", \"SEARCH_TYPE\": \"EQ\", \"SEARCH_VALUE\": \"b\"}]}");
			assertThat(request(mapCsv(csv(cells))).assetScopeFilters()).isInstanceOf(AssetScopeFilter.Or.class);
			cells.put("asset_scope_filters", "{\"OR\": [}");
			assertThat(errors(mapCsv(csv(cells)))).singleElement()
				.asString()
				.startsWith("asset_scope_filters: the cell is not valid JSON");
		}

		@Test
		void aCsvCellNestedTenThousandLevelsIsInvalidNotACrash() {
			Map<String, String> cells = validCells();
			cells.put("asset_scope_filters", "{\"AND\":[".repeat(10_000) + "]}".repeat(10_000));
			assertThat(errors(mapCsv(csv(cells)))).singleElement()
				.asString()
				.contains("nested deeper than " + InventoryJson.MAX_NESTING_DEPTH);
		}

	}

	@Nested
	class VendorSpecificConfiguration {

		@ParameterizedTest
		@EnumSource(Vendor.class)
		void eachVendorTakesItsOwnKeysAndNoOthers(Vendor vendor) {
			for (String key : org.registrysync.inventory.InventoryFields.VENDOR_SPECIFIC) {
				MappingResult result = with(r -> {
					r.put("vendor", vendor.name());
					r.putObject("vendor_specific_configuration").put(key, "v");
				});
				if (vendor.vendorSpecificKeys().contains(key)) {
					assertThat(request(result).vendorSpecificConfiguration()).containsExactly(Map.entry(key, "v"));
				}
				else {
					assertThat(errors(result)).singleElement()
						.asString()
						.startsWith("vendor_specific_configuration." + key + ": applies to vendor ")
						.contains("not " + vendor.name());
				}
			}
		}

		@Test
		void anEmptyObjectIsLeftOut() {
			assertThat(request(with(r -> r.putObject("vendor_specific_configuration"))).vendorSpecificConfiguration())
				.isNull();
		}

		@Test
		void anUnknownKeyIsNamed() {
			assertThat(errors(with(r -> {
				r.put("vendor", "GITLAB_CONTAINER_REGISTRY");
				r.putObject("vendor_specific_configuration").put("group_id", "1");
			}))).containsExactly("vendor_specific_configuration.group_id: unknown field; did you mean 'group_ids'?");
		}

	}

	@Nested
	class ConnectorId {

		@ParameterizedTest
		@ValueSource(strings = { "../../admin", "a/b", "x%2F..", " ", ".", "a\\b", "a?b", "a#b", "a%b", "a b",
				"tab\there", "nl\nhere", "zero\u200bwidth", "bell\u0007" })
		void rejectsUnsafePathSegments(String id) {
			assertThat(errors(with(r -> r.put("connector_id", id)))).singleElement()
				.asString()
				.startsWith("connector_id: must not");
		}

		@ParameterizedTest
		@ValueSource(strings = { "rc-1", "RC_1.prod", "a.b", "connecteur-zürich", "連結-1", "x~y" })
		void acceptsSafeIds(String id) {
			assertThat(request(with(r -> r.put("connector_id", id))).connectorId()).isEqualTo(id);
		}

		@Test
		void acceptsTheLengthBoundAndRejectsOneMore() {
			String longest = "a".repeat(ConnectorIds.MAX_LENGTH);
			assertThat(request(with(r -> r.put("connector_id", longest))).connectorId()).isEqualTo(longest);
			assertThat(errors(with(r -> r.put("connector_id", longest + "a")))).singleElement()
				.asString()
				.contains("at most 256");
		}

		@Test
		void anIdCannotBeASecretReference() {
			assertThat(errors(with(r -> r.put("connector_id", "${env:REGISTRY_PASSWORD}")))).singleElement()
				.asString()
				.startsWith("connector_id: must be written out");
		}

		@Test
		void anEmptyJsonIdIsInvalid() {
			assertThat(errors(with(r -> r.put("connector_id", "")))).containsExactly("connector_id: must not be empty");
		}

		@Test
		void everyCopyOfADuplicateIdIsInvalid(@TempDir Path dir) throws IOException {
			Path file = dir.resolve("dup.ndjson");
			ObjectNode record = valid();
			Files.writeString(file, record + "\n" + valid().put("connector_id", "rc-2") + "\n" + record + "\n");
			DuplicateIds duplicates = new InventoryScanner().scan(InventoryFile.of(file)).duplicates();

			MappingResult first = mapper
				.map(new InventoryRecord(1, new SourceLocation("dup.ndjson", 1), valid(), false, null), duplicates);
			MappingResult other = mapper.map(new InventoryRecord(2, new SourceLocation("dup.ndjson", 2),
					valid().put("connector_id", "rc-2"), false, null), duplicates);
			MappingResult third = mapper
				.map(new InventoryRecord(3, new SourceLocation("dup.ndjson", 3), valid(), false, null), duplicates);

			assertThat(errors(first)).singleElement().asString().contains("appears 2 times (also at dup.ndjson:3)");
			assertThat(errors(third)).singleElement().asString().contains("appears 2 times (also at dup.ndjson:1)");
			assertThat(other).isInstanceOf(MappingResult.Mapped.class);
		}

	}

	@Nested
	class SecretReferences {

		@Test
		void aResolvableEnvironmentReferenceIsValidAndNotALiteralSecret() {
			MappingResult result = map(valid());
			assertThat(((MappingResult.Mapped) result).literalSecrets()).isFalse();
		}

		@Test
		void aLiteralSecretIsValidButFlagged() {
			MappingResult result = with(r -> r.put("password", "hunter2"));
			assertThat(((MappingResult.Mapped) result).literalSecrets()).isTrue();
		}

		@Test
		void anUnsetVariableIsInvalidInOneSentence() {
			assertThat(errors(with(r -> r.put("auth_token", "${env:NEXUS_TOKEN}")))).containsExactly(
					"auth_token: ${env:NEXUS_TOKEN} cannot be resolved: NEXUS_TOKEN is not set in the environment");
		}

		@Test
		void aFileReferenceMustPointToAReadableFile(@TempDir Path dir) throws IOException {
			Path secret = Files.writeString(dir.resolve("token"), "abc\n");
			assertThat(request(with(r -> r.put("auth_token", "${file:" + secret + "}"))).authToken())
				.isEqualTo("${file:" + secret + "}");
			Path missing = dir.resolve("missing");
			assertThat(errors(with(r -> r.put("auth_token", "${file:" + missing + "}"))))
				.containsExactly("auth_token: ${file:" + missing + "} cannot be resolved: the file does not exist");
			assertThat(errors(with(r -> r.put("auth_token", "${file:" + dir + "}"))))
				.containsExactly("auth_token: ${file:" + dir + "} cannot be resolved: it is not a regular file");
		}

		@Test
		void anyStringFieldMayBeAReference() {
			assertThat(errors(with(r -> r.put("username", "${env:NOT_SET_ANYWHERE}")))).containsExactly(
					"username: ${env:NOT_SET_ANYWHERE} cannot be resolved: NOT_SET_ANYWHERE is not set in the environment");
			ObjectNode tree = JsonNodeFactory.instance.objectNode();
			tree.putArray("OR")
				.addObject()
				.put("SEARCH_FIELD", "Registry")
				.put("SEARCH_TYPE", "EQ")
				.put("SEARCH_VALUE", "${env:NOT_SET_ANYWHERE}");
			assertThat(errors(with(r -> r.set("asset_scope_filters", tree)))).containsExactly(
					"asset_scope_filters.OR[0].SEARCH_VALUE: ${env:NOT_SET_ANYWHERE} cannot be resolved: NOT_SET_ANYWHERE is not set in the environment");
		}

		@ParameterizedTest
		@ValueSource(
				strings = { "${vault:secret/x}", "${env:}", "${env:1BAD}", "${file:}", "pre-${env:REGISTRY_PASSWORD}" })
		void malformedReferencesAreInvalid(String value) {
			assertThat(errors(with(r -> r.put("password", value)))).singleElement().asString().startsWith("password: ");
		}

	}

	@Nested
	class NoSecretInToString {

		private static final String SECRET = "hunter2-in-clear";

		private ObjectNode everyStringASecret() {
			ObjectNode record = valid();
			for (String field : List.of("name", "url", "username", "password", "auth_token", "region", "outpost_id",
					"ca_certificate", "repository", "ip_identifier", "tenant_id", "broker_id")) {
				record.put(field, SECRET);
			}
			record.putObject("asset_scope_filters")
				.putArray("OR")
				.addObject()
				.put("SEARCH_FIELD", SECRET)
				.put("SEARCH_TYPE", SECRET)
				.put("SEARCH_VALUE", SECRET);
			record.put("vendor", "GITLAB_CONTAINER_REGISTRY");
			record.putObject("vendor_specific_configuration").put("group_ids", SECRET);
			return record;
		}

		@Test
		void aMappedRequestPrintsItsIdNotItsValues() {
			// given
			MappingResult result = map(everyStringASecret());

			// when
			ConnectorRequest request = request(result);

			// then
			assertThat(request.password()).isEqualTo(SECRET);
			assertThat(request.toString()).contains("rc-1").doesNotContain(SECRET);
			assertThat(result.toString()).contains("rc-1").doesNotContain(SECRET);
			assertThat(request.assetScopeFilters().toString()).doesNotContain(SECRET);
		}

		@Test
		void aRequestBodyPrintsItsSizeNotItsSecrets() {
			RequestBody body = new RequestBodies(new SecretResolver(ENV::get))
				.write(request(map(everyStringASecret())));
			assertThat(new String(body.json(), java.nio.charset.StandardCharsets.UTF_8)).contains(SECRET);
			assertThat(body.toString()).doesNotContain(SECRET);
		}

		@Test
		void aRejectionPrintsNoFreeTextValue() {
			ObjectNode record = everyStringASecret();
			record.put("vendor", "JFROG");
			assertThat(map(record).toString()).contains("group_ids").doesNotContain(SECRET);
		}

	}

}
