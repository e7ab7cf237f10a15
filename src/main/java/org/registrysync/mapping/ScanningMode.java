package org.registrysync.mapping;

/** How Cortex reaches the registry (API schema `ScanningMode`). */
public enum ScanningMode {

	CLOUD, OUTPOST, BROKER, NOT_APPLICABLE, KAPI

}
