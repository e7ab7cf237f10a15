package org.registrysync.inventory;

/**
 * The inventory as a whole cannot be used: missing or unreadable file, unknown CSV
 * column, broken JSON structure, bytes that are not UTF-8. The message is one line for
 * the user and names the file (and the line where there is one). Such a run sends nothing
 * and exits 2.
 */
public class InventoryException extends RuntimeException {

	public InventoryException(String message) {
		super(message);
	}

	public InventoryException(String message, Throwable cause) {
		super(message, cause);
	}

}
