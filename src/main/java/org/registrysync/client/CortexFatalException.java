package org.registrysync.client;

/**
 * Cortex cannot be used for the rest of the run: the key was rejected, or Cortex keeps
 * failing. The run stops at once and can be resumed.
 */
public class CortexFatalException extends RuntimeException {

	public CortexFatalException(String message) {
		super(message);
	}

	public CortexFatalException(String message, Throwable cause) {
		super(message, cause);
	}

}
