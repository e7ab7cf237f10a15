package org.registrysync.job;

import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.registrysync.inventory.InventoryException;
import org.registrysync.inventory.InventoryFile;
import org.registrysync.inventory.InventoryScan;
import org.registrysync.inventory.InventoryScanner;

/**
 * Keeps the latest inventory scan of each thread, so that the scan made before launching
 * serves the step too (a run is scanned, launched and stepped through on one thread, and
 * the tenants of a fleet each on their own); a step started another way scans again.
 * Either way the content must be what the run was started for.
 */
public class InventoryScans {

	private final InventoryScanner scanner = new InventoryScanner();

	private final ThreadLocal<@Nullable InventoryScan> latest = new ThreadLocal<>();

	/**
	 * Scans the file, noting which of the {@code wanted} ids it holds, and keeps the
	 * result.
	 */
	public InventoryScan scan(InventoryFile file, Set<String> wanted) {
		InventoryScan scan = scanner.scan(file, wanted);
		latest.set(scan);
		return scan;
	}

	/**
	 * The scan of a file whose content must hash to {@code sha256}.
	 * @throws InventoryException when the file changed since the run started
	 */
	public InventoryScan get(InventoryFile file, String sha256) {
		InventoryScan scan = latest.get();
		if (scan == null || !scan.file().path().equals(file.path()) || !scan.sha256().equals(sha256)) {
			scan = scan(file, Set.of());
		}
		if (!scan.sha256().equals(sha256)) {
			throw new InventoryException(file.displayName() + ": the file changed after this run started; "
					+ "run again to start a new run for the new content");
		}
		return scan;
	}

}
