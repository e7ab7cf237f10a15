package org.registrysync.mapping;

/** Whether `asset_scope_filters` include or exclude (API schema `FilterType`). */
public enum FilterType {

	INCLUDE, EXCLUDE

}
