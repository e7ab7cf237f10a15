package org.registrysync.mapping;

/** What the first scan covers (API schema `InitialScanConfiguration.mode`). */
public enum InitialScanMode {

	ALL, LATEST_TAG, TAGS_MODIFIED_DAYS

}
