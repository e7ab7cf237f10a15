package org.registrysync.mapping;

/** Cloud provider used for scanning (API schema `Provider`). */
public enum CloudProvider {

	AWS, GCP, AZURE

}
