package org.registrysync.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class JsonRecordParserTests {

	static List<InventoryRecord> read(BiFunction<String, ByteArrayInputStream, RecordParser> parser, String text) {
		List<InventoryRecord> records = new ArrayList<>();
		try (RecordParser p = parser.apply("c.json", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))) {
			for (InventoryRecord r = p.next(); r != null; r = p.next()) {
				records.add(r);
			}
		}
		return records;
	}

	@Nested
	class JsonArray {

		private List<InventoryRecord> read(String text) {
			return JsonRecordParserTests.read(JsonArrayRecordParser::new, text);
		}

		@Test
		void streamsObjectsWithTheLineEachStartsOn() {
			List<InventoryRecord> records = read(
					"[\n  {\"connector_id\": \"a\", \"enabled\": true},\n\n  {\n  \"connector_id\": \"b\"}\n]\n");

			assertThat(records).extracting(InventoryRecord::connectorId).containsExactly("a", "b");
			assertThat(records).extracting(r -> r.source().line()).containsExactly(2L, 4L);
			assertThat(records.getFirst().textual()).isFalse();
			assertThat(records.getFirst().fields().get("enabled").isBoolean()).isTrue();
		}

		@Test
		void anEmptyArrayHasNoRecords() {
			assertThat(read("[]")).isEmpty();
		}

		@Test
		void anElementThatIsNotAnObjectIsARecordWithAProblem() {
			List<InventoryRecord> records = read("[\"x\", [1, [2]], {\"connector_id\": \"a\"}]");
			assertThat(records).extracting(InventoryRecord::problem)
				.containsExactly("the array element is a string, not a connector object {...}",
						"the array element is an array, not a connector object {...}", null);
		}

		@Test
		void anEmptyFileOrAnObjectInsteadOfAnArrayIsUnusable() {
			assertThatThrownBy(() -> read("")).isInstanceOf(InventoryException.class)
				.hasMessageStartingWith("c.json: the file is empty");
			assertThatThrownBy(() -> read("{\"connector_id\": \"a\"}")).isInstanceOf(InventoryException.class)
				.hasMessageStartingWith("c.json:1:1: a JSON inventory must be an array");
		}

		@Test
		void brokenJsonNamesLineAndColumnWithoutQuotingTheText() {
			assertThatThrownBy(() -> read("[\n{\"password\": hunter2}\n]")).isInstanceOf(InventoryException.class)
				.hasMessageStartingWith("c.json:2:")
				.hasMessageContaining("not valid JSON")
				.hasMessageNotContaining("hunter2");
			assertThatThrownBy(() -> read("[{\"connector_id\": \"a\"},")).hasMessageContaining("not valid JSON");
			assertThatThrownBy(() -> read("[] []")).hasMessageContaining("unexpected content after the closing ]");
		}

		@Test
		void brokenJsonKeepsNoCauseThatQuotesTheText() {
			assertThatThrownBy(() -> read("[\n{\"password\": hunter2}\n]")).isInstanceOf(InventoryException.class)
				.satisfies(e -> {
					for (Throwable t = e; t != null; t = t.getCause()) {
						assertThat(t.toString()).doesNotContain("hunter2");
					}
				});
		}

		@Test
		void aRecordPrintsItsPlaceAndFieldNamesNotItsValues() {
			InventoryRecord record = read("[{\"connector_id\": \"rc-1\", \"password\": \"hunter2\"}]").getFirst();
			assertThat(record.fields().get("password").stringValue()).isEqualTo("hunter2");
			assertThat(record.toString()).contains("rc-1", "c.json:1", "password").doesNotContain("hunter2");
		}

		@Test
		void aFieldNamedTwiceIsUnusable() {
			assertThatThrownBy(() -> read("[{\"name\": \"a\", \"name\": \"b\"}]"))
				.isInstanceOf(InventoryException.class)
				.hasMessageContaining("name");
		}

		@Test
		void nestingTenThousandLevelsDeepIsUnusableNotAStackOverflow() {
			String deep = "[{\"asset_scope_filters\": " + "{\"AND\": [".repeat(10_000) + "]}".repeat(10_000) + "}]";
			assertThatThrownBy(() -> read(deep)).isInstanceOf(InventoryException.class)
				.hasMessageContaining("nested deeper than " + InventoryJson.MAX_NESTING_DEPTH + " levels");
		}

		@Test
		void invalidUtf8IsUnusable() {
			byte[] bytes = "[{\"name\": \"x\"}]".getBytes(StandardCharsets.UTF_8);
			bytes[11] = (byte) 0xFF;
			assertThatThrownBy(() -> {
				try (RecordParser p = new JsonArrayRecordParser("c.json", new ByteArrayInputStream(bytes))) {
					p.next();
				}
			}).isInstanceOf(InventoryException.class).hasMessageStartingWith("c.json:1:");
		}

	}

	@Nested
	class Ndjson {

		private List<InventoryRecord> read(String text) {
			return JsonRecordParserTests.read(NdjsonRecordParser::new, text);
		}

		@Test
		void readsOneObjectALineAndSkipsBlankLines() {
			List<InventoryRecord> records = read("{\"connector_id\": \"a\"}\n\n   \n{\"connector_id\": \"b\"}");
			assertThat(records).extracting(r -> r.source().line()).containsExactly(1L, 4L);
			assertThat(records).extracting(InventoryRecord::number).containsExactly(1L, 2L);
		}

		@Test
		void aBadLineIsARecordWithAProblemAndTheNextLinesAreRead() {
			List<InventoryRecord> records = read("{\"password\": hunter2}\n42\n{\"connector_id\": \"c\"}\n");
			assertThat(records).hasSize(3);
			assertThat(records.get(0).problem()).startsWith("the line is not valid JSON").doesNotContain("hunter2");
			assertThat(records.get(1).problem()).isEqualTo("the line holds number, not a connector object {...}");
			assertThat(records.get(2).connectorId()).isEqualTo("c");
		}

		@Test
		void aLineNestedTenThousandLevelsIsARecordWithAProblem() {
			List<InventoryRecord> records = read(
					"[".repeat(10_000) + "]".repeat(10_000) + "\n{\"connector_id\": \"ok\"}\n");
			assertThat(records.getFirst().problem()).contains("nested deeper than");
			assertThat(records.get(1).connectorId()).isEqualTo("ok");
		}

		@Test
		void dropsAByteOrderMark() {
			assertThat(read("\uFEFF{\"connector_id\": \"a\"}\n").getFirst().connectorId()).isEqualTo("a");
		}

		@Test
		void anEmptyFileHasNoRecords() {
			assertThat(read("")).isEmpty();
		}

	}

}
