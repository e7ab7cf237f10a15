package org.registrysync.outcome;

import java.io.PrintStream;

import org.jspecify.annotations.Nullable;

/**
 * The end-of-run summary: the run, the count of each outcome, then every record that is
 * not in sync, where it is and what is wrong. On a console of readable log lines it is
 * printed as text after them; with structured logging, where every line must be JSON, it
 * is logged as events instead.
 */
public interface SummaryPrinter {

	/**
	 * Prints the summary of a run to {@code out}, or logs it when logging is structured.
	 * @param out where the text summary goes (standard output)
	 * @param result how the run ended
	 */
	void print(PrintStream out, RunResult result);

	/**
	 * Prints the summary of a fleet run: a row per tenant, then each tenant's records not
	 * in sync; or logs it when logging is structured.
	 * @param out where the text summary goes (standard output)
	 * @param fleet how the fleet run ended
	 */
	void printFleet(PrintStream out, FleetResult fleet);

	/**
	 * The summary for the console's log format.
	 * @param outcomes where the records not in sync are read from
	 * @param structuredFormat the value of {@code logging.structured.format.console}
	 * ({@code ecs}, {@code logstash}, …), empty or {@code null} for readable lines
	 * @return a printer of text, or one that logs events
	 */
	static SummaryPrinter forConsole(OutcomeRepository outcomes, @Nullable String structuredFormat) {
		if (structuredFormat == null || structuredFormat.isBlank()) {
			return new TextSummaryPrinter(outcomes);
		}
		return new LoggedSummaryPrinter(outcomes);
	}

}
