package org.registrysync.job;

/**
 * The configuration cannot be used; the message is one line telling what to set. Exit
 * code 2.
 */
public class ConfigurationException extends RuntimeException {

	public ConfigurationException(String message) {
		super(message);
	}

}
