package org.registrysync.job;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

/**
 * What a run works on, as its job parameters carry it: written once by {@link RunPlan},
 * read once by each bean of the step through {@link #of(JobParameters)}, with their own
 * types (booleans stay booleans), so that no bean parses a parameter by hand.
 *
 * @param inventory the inventory file, absolute
 * @param sha256 the inventory's content hash, as scanned before the run
 * @param records the records the inventory holds
 * @param tenant the Cortex base URL, or {@code -} for a dry run without one
 * @param mode what the run does
 */
public record RunParameters(Path inventory, String sha256, long records, String tenant, RunMode mode) {

	static final String INVENTORY = "inventory";

	static final String INVENTORY_SHA256 = "inventory.sha256";

	static final String INVENTORY_RECORDS = "inventory.records";

	static final String TENANT = "tenant";

	static final String DRY_RUN = "dry-run";

	static final String FULL = "full";

	static final String ONLY = "only";

	static final String COMPARE = "compare";

	static final String DEFAULTS = "defaults";

	static final String DEFAULTS_SHA256 = "defaults.sha256";

	static final String MERGE = "merge";

	static final String EXPORT_FILE = "export.file";

	static final String EXPORT_IDS_FILE = "export.ids-file";

	static final String EXPORT_SECRET = "export.secret";

	public RunParameters {
		Objects.requireNonNull(inventory, "inventory");
		Objects.requireNonNull(sha256, "sha256");
		Objects.requireNonNull(tenant, "tenant");
		Objects.requireNonNull(mode, "mode");
		inventory = inventory.toAbsolutePath();
	}

	/** Adds these settings to a run's identifying parameters, as non-identifying ones. */
	JobParametersBuilder addTo(JobParametersBuilder builder) {
		builder.addString(INVENTORY, inventory.toString(), false)
			.addString(INVENTORY_SHA256, sha256, false)
			.addLong(INVENTORY_RECORDS, records, false)
			.addString(TENANT, tenant, false)
			.addJobParameter(DRY_RUN, mode.dryRun(), Boolean.class, false)
			.addJobParameter(FULL, mode.full(), Boolean.class, false)
			.addString(ONLY, String.join(",", mode.only()), false)
			.addString(COMPARE, mode.compare().name(), false)
			.addJobParameter(MERGE, mode.merge(), Boolean.class, false);
		if (mode.defaults() != null) {
			builder.addString(DEFAULTS, mode.defaults().file().toString(), false)
				.addString(DEFAULTS_SHA256, mode.defaults().sha256(), false);
		}
		if (mode.export() != null) {
			builder.addString(EXPORT_FILE, mode.export().file().toString(), false)
				.addJobParameter(EXPORT_IDS_FILE, mode.export().idsFile(), Boolean.class, false)
				.addString(EXPORT_SECRET, mode.export().secretTemplate(), false);
		}
		return builder;
	}

	/**
	 * The settings of a run from its job parameters.
	 * @throws IllegalStateException when a parameter is missing: the execution was not
	 * started by this version of the tool
	 */
	public static RunParameters of(JobParameters parameters) {
		String only = required(parameters, ONLY, String.class);
		List<String> ids = only.isEmpty() ? List.of() : Arrays.asList(only.split(","));
		return new RunParameters(Path.of(required(parameters, INVENTORY, String.class)),
				required(parameters, INVENTORY_SHA256, String.class),
				required(parameters, INVENTORY_RECORDS, Long.class), required(parameters, TENANT, String.class),
				new RunMode(required(parameters, DRY_RUN, Boolean.class), required(parameters, FULL, Boolean.class),
						ids, compare(parameters), export(parameters), defaults(parameters), merge(parameters)));
	}

	private static RunMode.@Nullable Defaults defaults(JobParameters parameters) {
		var file = parameters.getParameter(DEFAULTS);
		return file == null ? null : new RunMode.Defaults(Path.of((String) file.value()),
				required(parameters, DEFAULTS_SHA256, String.class));
	}

	private static RunMode.@Nullable ExportTarget export(JobParameters parameters) {
		var file = parameters.getParameter(EXPORT_FILE);
		if (file == null) {
			return null;
		}
		return new RunMode.ExportTarget(Path.of((String) file.value()),
				required(parameters, EXPORT_IDS_FILE, Boolean.class),
				required(parameters, EXPORT_SECRET, String.class));
	}

	/** Runs recorded before {@code sync.merge} were no merges. */
	private static boolean merge(JobParameters parameters) {
		return parameters.getParameter(MERGE) != null && required(parameters, MERGE, Boolean.class);
	}

	/** Runs recorded before {@code sync.compare} compared with the ledger. */
	private static CompareMode compare(JobParameters parameters) {
		var parameter = parameters.getParameter(COMPARE);
		return parameter == null ? CompareMode.LEDGER : CompareMode.valueOf((String) parameter.value());
	}

	private static <T> T required(JobParameters parameters, String name, Class<T> type) {
		var parameter = parameters.getParameter(name);
		if (parameter == null) {
			throw new IllegalStateException("the run has no job parameter '" + name + "'");
		}
		Object value = parameter.value();
		// Runs recorded before the parameters were typed kept the booleans as text.
		if (type == Boolean.class && value instanceof String text) {
			return type.cast(Boolean.parseBoolean(text));
		}
		return type.cast(value);
	}

}
