package org.registrysync.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CsvRecordParserTests {

	private static final String HEADER = "connector_id,vendor,name,initial_scan_configuration.mode,asset_scope_filters\n";

	static List<InventoryRecord> read(byte[] bytes) {
		List<InventoryRecord> records = new ArrayList<>();
		try (RecordParser parser = new CsvRecordParser("c.csv", new ByteArrayInputStream(bytes))) {
			for (InventoryRecord r = parser.next(); r != null; r = parser.next()) {
				records.add(r);
			}
		}
		return records;
	}

	static List<InventoryRecord> read(String text) {
		return read(text.getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void readsCellsAsTextAndDottedHeadersAsNestedObjects() {
		InventoryRecord record = read(HEADER + "rc-1,DOCKER,Reg,ALL,\n").getFirst();

		assertThat(record.textual()).isTrue();
		assertThat(record.problem()).isNull();
		assertThat(record.source()).hasToString("c.csv:2");
		assertThat(record.fields().get("vendor").stringValue()).isEqualTo("DOCKER");
		assertThat(record.fields().get("initial_scan_configuration").get("mode").stringValue()).isEqualTo("ALL");
		assertThat(record.fields().has("asset_scope_filters")).as("an empty cell is an absent field").isFalse();
	}

	@Test
	void aRecordPrintsItsPlaceAndFieldNamesNotItsValues() {
		InventoryRecord record = read("connector_id,password\nrc-1,hunter2\n").getFirst();
		assertThat(record.fields().get("password").stringValue()).isEqualTo("hunter2");
		assertThat(record.toString()).contains("rc-1", "c.csv:2", "password").doesNotContain("hunter2");
	}

	@Test
	void dropsAUtf8ByteOrderMark() {
		byte[] text = (HEADER + "rc-1,DOCKER,Reg,ALL,\n").getBytes(StandardCharsets.UTF_8);
		byte[] withBom = new byte[text.length + 3];
		withBom[0] = (byte) 0xEF;
		withBom[1] = (byte) 0xBB;
		withBom[2] = (byte) 0xBF;
		System.arraycopy(text, 0, withBom, 3, text.length);

		assertThat(read(withBom)).singleElement().satisfies(r -> assertThat(r.connectorId()).isEqualTo("rc-1"));
	}

	@Test
	void quotedCellsHoldCommasQuotesAndNewlinesAndLinesStayRight() {
		List<InventoryRecord> records = read(HEADER + "rc-1,DOCKER,\"a, \"\"quoted\"\"\nname\",ALL,\n" + "\n"
				+ "rc-2,JFROG,\"x\r\ny\r\nz\",ALL,\"{\"\"AND\"\": []}\"\n" + "rc-3,HARBOR,plain,ALL,\n");

		assertThat(records).extracting(r -> r.source().line()).containsExactly(2L, 5L, 8L);
		assertThat(records.get(0).fields().get("name").stringValue()).isEqualTo("a, \"quoted\"\nname");
		assertThat(records.get(1).fields().get("asset_scope_filters").stringValue()).isEqualTo("{\"AND\": []}");
		assertThat(records).extracting(InventoryRecord::number).containsExactly(1L, 2L, 3L);
	}

	@Test
	void keepsUnicode() {
		assertThat(read(HEADER + "rc-ü,DOCKER,Zürich 東京 🚀,ALL,\n").getFirst().fields().get("name").stringValue())
			.isEqualTo("Zürich 東京 🚀");
	}

	@Test
	void aHeaderOnlyHasNoRecords() {
		assertThat(read(HEADER)).isEmpty();
	}

	@Test
	void aFiveMegabyteCellIsRead() {
		String big = "x".repeat(5 * 1024 * 1024);
		assertThat(read(HEADER + "rc-1,DOCKER," + big + ",ALL,\n").getFirst().fields().get("name").stringValue())
			.hasSize(big.length());
	}

	@Test
	void aRowWithFewerOrMoreCellsThanTheHeaderIsARecordWithAProblem() {
		List<InventoryRecord> records = read(HEADER + "rc-1,DOCKER\nrc-2,DOCKER,n,ALL,,extra\n");

		assertThat(records).extracting(InventoryRecord::problem)
			.containsExactly("the row has 2 cells but the header has 5 columns; quote cells that hold commas",
					"the row has 6 cells but the header has 5 columns; quote cells that hold commas");
		assertThat(records.getFirst().connectorId()).isEqualTo("rc-1");
	}

	@Test
	void skipPassesRecordsForARestart() {
		try (RecordParser parser = new CsvRecordParser("c.csv", new ByteArrayInputStream(
				(HEADER + "a,D,n,ALL,\nb,D,n,ALL,\nc,D,n,ALL,\n").getBytes(StandardCharsets.UTF_8)))) {
			assertThat(parser.skip(2)).isEqualTo(2);
			InventoryRecord third = parser.next();
			assertThat(third.connectorId()).isEqualTo("c");
			assertThat(third.number()).isEqualTo(3);
			assertThat(third.source().line()).isEqualTo(4);
			assertThat(parser.skip(5)).isZero();
		}
	}

	@Nested
	class UnusableFiles {

		@Test
		void anEmptyFileHasNoHeader() {
			assertThatThrownBy(() -> read("")).isInstanceOf(InventoryException.class)
				.hasMessageStartingWith("c.csv: the file is empty");
		}

		@Test
		void anUnknownColumnNamesTheClosestKnownOne() {
			assertThatThrownBy(() -> read("connector_id,vendr\n")).isInstanceOf(InventoryException.class)
				.hasMessageStartingWith("c.csv:1: unknown column 'vendr'; did you mean 'vendor'?");
			assertThatThrownBy(() -> read("connector_id,initial_scan_configuration.numdays\n"))
				.hasMessageContaining("did you mean 'initial_scan_configuration.numDays'?");
		}

		@Test
		void aRepeatedOrEmptyColumnOrNoIdColumnIsRejected() {
			assertThatThrownBy(() -> read("connector_id,name,name\n"))
				.hasMessage("c.csv:1: column 'name' appears twice in the header row");
			assertThatThrownBy(() -> read("connector_id,,name\n"))
				.hasMessage("c.csv:1: column 2 has no name in the header row");
			assertThatThrownBy(() -> read("name,vendor\n"))
				.hasMessage("c.csv:1: the header row has no connector_id column");
		}

		@Test
		void invalidUtf8NamesTheLine() {
			byte[] bytes = (HEADER + "rc-1,DOCKER,ok,ALL,\nrc-2,DOCKER,bad").getBytes(StandardCharsets.UTF_8);
			byte[] broken = java.util.Arrays.copyOf(bytes, bytes.length + 5);
			broken[bytes.length] = (byte) 0xC3;
			broken[bytes.length + 1] = (byte) 0x28;
			broken[bytes.length + 2] = ',';
			broken[bytes.length + 3] = 'A';
			broken[bytes.length + 4] = '\n';

			assertThatThrownBy(() -> read(broken)).isInstanceOf(InventoryException.class)
				.hasMessageStartingWith("c.csv:3: the file is not valid UTF-8 text");
		}

		@Test
		void anUnclosedQuoteIsMalformed() {
			assertThatThrownBy(() -> read(HEADER + "rc-1,DOCKER,\"never closed,ALL,\n"))
				.isInstanceOf(InventoryException.class)
				.hasMessageContaining("malformed CSV");
		}

	}

}
