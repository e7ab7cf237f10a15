package org.registrysync.outcome;

/** What happened to one inventory record in a run (SPEC §3). */
public enum Outcome {

	/** Cortex accepted the update (any 2xx). */
	UPDATED(true),
	/** Identical to the last successful update of this connector; not sent. */
	UNCHANGED(true),
	/** Dry run: would be sent. */
	PLANNED(true),
	/** Rejected by validation or a duplicate id; never sent. */
	INVALID(false),
	/** Cortex answered 404. */
	NOT_FOUND(false),
	/** Cortex rejected it (another 4xx) or retries ran out. */
	FAILED(false),
	/** Export: the connector's live definition was written to the export file. */
	EXPORTED(true);

	private final boolean inSync;

	Outcome(boolean inSync) {
		this.inSync = inSync;
	}

	/** Whether the connector is as the inventory says (or would be, in a dry run). */
	public boolean inSync() {
		return inSync;
	}

}
