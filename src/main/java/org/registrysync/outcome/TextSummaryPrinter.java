package org.registrysync.outcome;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * The summary as readable text: the run, the count of each outcome, then every record
 * that is not in sync with where it is and what is wrong, one problem a line.
 */
final class TextSummaryPrinter implements SummaryPrinter {

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
			.forEach(e -> counts.append(' ').append(e.getKey()).append(' ').append(e.getValue()));
		out.println(counts);
		if (result.failure() != null) {
			out.println("  run failed: " + result.failure());
		}
		boolean[] header = { false };
		outcomes.forEachProblem(run.jobInstanceId(), row -> {
			if (!header[0]) {
				out.println("Records not in sync:");
				header[0] = true;
			}
			String id = row.connectorId() == null ? "(no connector_id)" : printable(row.connectorId());
			String status = row.httpStatus() == null ? "" : " HTTP " + row.httpStatus();
			out.println("  " + row.source() + " " + id + " " + row.outcome() + status);
			if (row.message() != null) {
				for (String line : row.message().split("\n")) {
					out.println("    " + line);
				}
			}
		});
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
