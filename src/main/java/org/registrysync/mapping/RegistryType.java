package org.registrysync.mapping;

/** Registry hosting (API schema `RegistryType`). */
public enum RegistryType {

	CLOUD_HOSTED, SELF_HOSTED

}
