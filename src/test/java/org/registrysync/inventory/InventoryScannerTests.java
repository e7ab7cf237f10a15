package org.registrysync.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InventoryScannerTests {

	@TempDir
	Path dir;

	private final InventoryScanner scanner = new InventoryScanner();

	@Test
	void hashesEveryByteAndCountsRecords() throws Exception {
		Path file = Files.writeString(dir.resolve("c.csv"), "connector_id,name\na,x\nb,y\n\n\n");

		InventoryScan scan = scanner.scan(InventoryFile.of(file));

		String expected = HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
		assertThat(scan.sha256()).isEqualTo(expected);
		assertThat(scan.records()).isEqualTo(2);
		assertThat(scan.duplicates().size()).isZero();
	}

	@Test
	void findsEveryDuplicateIdWithItsPlaces() throws IOException {
		StringBuilder text = new StringBuilder("connector_id\n");
		for (int i = 0; i < 10_000; i++) {
			text.append("rc-").append(i).append('\n');
		}
		text.append("rc-17\nrc-9999\nrc-17\n");
		Path file = Files.writeString(dir.resolve("c.csv"), text);

		DuplicateIds duplicates = scanner.scan(InventoryFile.of(file)).duplicates();

		assertThat(duplicates.size()).isEqualTo(2);
		assertThat(duplicates.problem("rc-17", new SourceLocation("c.csv", 19))).hasValueSatisfying(p -> assertThat(p)
			.startsWith("the same connector_id appears 3 times (also at c.csv:10002, c.csv:10004)"));
		assertThat(duplicates.problem("rc-18", new SourceLocation("c.csv", 20))).isEmpty();
	}

	@Test
	void aMissingFileOrAnUnknownExtensionIsUnusable() {
		assertThatThrownBy(() -> scanner.scan(InventoryFile.of(dir.resolve("missing.csv"))))
			.isInstanceOf(InventoryException.class)
			.hasMessageEndingWith("missing.csv: no such file (sync.inventory names the inventory file)");
		assertThatThrownBy(() -> InventoryFile.of(dir.resolve("c.xlsx"))).isInstanceOf(InventoryException.class)
			.hasMessageContaining("unknown inventory format");
	}

	@Test
	void idHashesDifferForSimilarIds() {
		assertThat(InventoryScanner.hash("rc-1")).isNotEqualTo(InventoryScanner.hash("rc-2"));
		assertThat(InventoryScanner.hash("")).isNotZero();
	}

}
