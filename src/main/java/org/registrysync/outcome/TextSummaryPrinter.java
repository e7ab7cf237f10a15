package org.registrysync.outcome;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.registrysync.mapping.FieldChanges;

import tools.jackson.databind.json.JsonMapper;

/**
 * The summary as readable text: the run, the count of each outcome and of drift, the
 * field-level changes of the connectors it sends or would send (SPEC §5), then every
 * record that is not in sync with where it is and what is wrong, one problem a line.
 */
final class TextSummaryPrinter implements SummaryPrinter {

	/** The most connectors whose changes are printed one by one. */
	static final int MAX_CHANGE_LINES = 100;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final OutcomeRepository outcomes;

	TextSummaryPrinter(OutcomeRepository outcomes) {
		this.outcomes = outcomes;
	}

	@Override
	public void print(PrintStream out, RunResult result) {
		SyncRun run = result.run();
		Duration took = Duration.between(result.startedAt(), result.finishedAt());
		out.printf(Locale.ROOT, "%nregistry-sync run %d %s%s: %s, %d of %d records, %.1f s, exit code %d%n",
				run.jobInstanceId(), result.status(), run.dryRun() ? " (dry run)" : "", run.inventory(),
				result.recorded(), run.records(), took.toMillis() / 1000.0, result.exitCode());
		StringBuilder counts = new StringBuilder(" ");
		result.counts()
			.entrySet()
			.stream()
			.sorted(java.util.Map.Entry.comparingByKey())
			// EXPORTED is told only where there are some: an export, never a sync
			.filter(e -> e.getKey() != Outcome.EXPORTED || e.getValue() > 0)
			.forEach(e -> counts.append(' ').append(e.getKey()).append(' ').append(e.getValue()));
		out.println(counts);
		if (result.failure() != null) {
			out.println("  run failed: " + result.failure());
		}
		long drifted = outcomes.drifted(run.jobInstanceId());
		if (drifted > 0) {
			out.println("  drift " + drifted + ": connectors changed outside registry-sync since it last sent them");
		}
		printChanges(out, run);
		long[] notes = { 0 };
		outcomes.forEachExportNote(run.jobInstanceId(), row -> {
			if (++notes[0] <= MAX_CHANGE_LINES) {
				if (notes[0] == 1) {
					out.println("Exported with notes:");
				}
				out.println("  " + row.source() + " " + printable(String.valueOf(row.connectorId())));
				for (String line : String.valueOf(row.message()).split("\n")) {
					out.println("    " + line);
				}
			}
		});
		if (notes[0] > MAX_CHANGE_LINES) {
			out.println(
					"  … and " + (notes[0] - MAX_CHANGE_LINES) + " more (the run report and sync_outcome have them)");
		}
		printProblems(out, run.jobInstanceId(), "Records not in sync:", "  ");
	}

	/** Every record of the run that is not in sync, under a header if there is one. */
	private void printProblems(PrintStream out, long runId, String header, String indent) {
		boolean[] headed = { false };
		outcomes.forEachProblem(runId, row -> {
			if (!headed[0]) {
				out.println(header);
				headed[0] = true;
			}
			String id = row.connectorId() == null ? "(no connector_id)" : printable(row.connectorId());
			String status = row.httpStatus() == null ? "" : " HTTP " + row.httpStatus();
			out.println(indent + row.source() + " " + id + " " + row.outcome() + status);
			if (row.message() != null) {
				for (String line : row.message().split("\n")) {
					out.println(indent + "  " + line);
				}
			}
		});
	}

	/**
	 * A fleet run: a line for the fleet, a row per tenant, then each tenant's records not
	 * in sync and why a tenant did not complete.
	 */
	@Override
	public void printFleet(PrintStream out, FleetResult fleet) {
		out.printf(Locale.ROOT, "%nregistry-sync fleet run %d %s: %s (shard %s), %d %s, %.1f s, exit code %d%n",
				fleet.id(), fleet.status(), fleet.file(), fleet.shard(), fleet.tenants().size(),
				fleet.tenants().size() == 1 ? "tenant" : "tenants", fleet.took().toMillis() / 1000.0, fleet.exitCode());
		List<Outcome> columns = new ArrayList<>();
		for (Outcome outcome : Outcome.values()) {
			if (outcome != Outcome.EXPORTED) {
				columns.add(outcome);
			}
		}
		List<List<String>> table = new ArrayList<>();
		List<String> head = new ArrayList<>(List.of("tenant", "run", "exit", "read"));
		columns.forEach(outcome -> head.add(outcome.name()));
		head.addAll(List.of("requests", "rate/s", "limit"));
		table.add(head);
		for (FleetResult.Tenant tenant : fleet.tenants()) {
			RunResult run = tenant.run();
			List<String> row = new ArrayList<>();
			row.add(tenant.name());
			row.add(run == null ? "-" : Long.toString(run.run().jobInstanceId()));
			row.add(Integer.toString(tenant.exitCode()));
			row.add(run == null ? "-" : Long.toString(run.recorded()));
			columns
				.forEach(outcome -> row.add(run == null ? "-" : Long.toString(run.counts().getOrDefault(outcome, 0L))));
			row.add(tenant.synced() ? Long.toString(tenant.requests()) : run != null ? "(earlier)" : "-");
			row.add(tenant.rate() == null ? "-" : String.format(Locale.ROOT, "%.2f", tenant.rate()));
			row.add(Integer.toString(tenant.rateLimit()));
			table.add(row);
		}
		int[] widths = new int[head.size()];
		table.forEach(row -> {
			for (int i = 0; i < row.size(); i++) {
				widths[i] = Math.max(widths[i], row.get(i).length());
			}
		});
		for (List<String> row : table) {
			StringBuilder line = new StringBuilder(" ");
			for (int i = 0; i < row.size(); i++) {
				String cell = row.get(i);
				String pad = " ".repeat(widths[i] - cell.length());
				line.append(' ').append(i == 0 ? cell + pad : pad + cell);
			}
			out.println(line.toString().stripTrailing());
		}
		for (FleetResult.Tenant tenant : fleet.tenants()) {
			RunResult run = tenant.run();
			if (run != null) {
				printProblems(out, run.run().jobInstanceId(),
						"Tenant " + tenant.name() + " (run " + run.run().jobInstanceId() + "), records not in sync:",
						"  ");
			}
			if (tenant.problem() != null) {
				out.println("Tenant " + tenant.name() + " did not complete: " + tenant.problem());
			}
		}
	}

	/**
	 * The field-level changes, a line per connector up to {@value #MAX_CHANGE_LINES},
	 * then the connectors whose changes are unknown and a warning naming those whose
	 * update clears fields.
	 */
	private void printChanges(PrintStream out, SyncRun run) {
		long[] lines = { 0 };
		List<String> clearing = new ArrayList<>();
		long[] clearingCount = { 0 };
		outcomes.forEachChange(run.jobInstanceId(), row -> {
			FieldChanges changes = row.changes() == null ? FieldChanges.NONE
					: FieldChanges.fromJson(JSON.readTree(row.changes()));
			String id = row.connectorId() == null ? "(no connector_id)" : printable(row.connectorId());
			if (++lines[0] <= MAX_CHANGE_LINES) {
				if (lines[0] == 1) {
					out.println("Changes:");
				}
				String text = row.outcome() == Outcome.UNCHANGED ? "already as the inventory says" : changes.isEmpty()
						? "no field changes (the body differs only in how it is written)" : changes.summary();
				out.println("  " + id + (Boolean.TRUE.equals(row.drift()) ? " (drift)" : "") + ": " + text);
			}
			List<String> cleared = changes.clearedFields();
			if (!cleared.isEmpty() && ++clearingCount[0] <= MAX_CHANGE_LINES) {
				clearing.add(id + " (" + String.join(", ", cleared) + ")");
			}
		});
		if (lines[0] > MAX_CHANGE_LINES) {
			out.println("  … and " + (lines[0] - MAX_CHANGE_LINES)
					+ " more (the run report and sync_outcome.changes have them all)");
		}
		long unknown = outcomes.changesUnknown(run.jobInstanceId());
		if (unknown > 0) {
			out.println("  " + unknown + (unknown == 1 ? " connector" : " connectors")
					+ " without field-level changes: "
					+ "the ledger had no body to compare with (a first sync, or a row from before it kept one); "
					+ "sync.compare=live reads the connectors and shows them");
		}
		if (clearingCount[0] > 0) {
			out.println("warning: " + clearingCount[0] + (clearingCount[0] == 1 ? " update clears" : " updates clear")
					+ " fields the connector has (a PUT replaces the whole connector): " + String.join(", ", clearing)
					+ (clearingCount[0] > MAX_CHANGE_LINES ? ", …" : ""));
		}
	}

	private static String printable(String text) {
		StringBuilder out = new StringBuilder();
		text.codePoints().forEach(c -> {
			if (Character.isISOControl(c) || Character.isWhitespace(c)) {
				out.append(String.format("\\u%04x", c));
			}
			else {
				out.appendCodePoint(c);
			}
		});
		return out.toString();
	}

}
