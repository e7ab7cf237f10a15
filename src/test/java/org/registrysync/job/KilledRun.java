package org.registrysync.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.registrysync.support.ChildJvm;
import org.registrysync.support.FakeCortex;
import org.registrysync.support.Repository;

/**
 * A run killed (SIGKILL) in the middle, and what its resume may send again (SPEC §4): no
 * connector whose outcome was committed, and no more than the chunk in flight and the
 * chunk started ahead of it.
 *
 * @param committed the connectors recorded UPDATED before the kill
 * @param sentBefore the updates the server had received before the killed run started
 */
record KilledRun(List<String> committed, int sentBefore) {

	/**
	 * Starts the command in a child JVM and kills it once the server has received
	 * {@code updates} more updates.
	 * @param afterRun the last run recorded before this one
	 */
	static KilledRun start(List<String> arguments, Path log, FakeCortex cortex, Repository repository, long afterRun,
			int updates) throws Exception {
		int sentBefore = cortex.updates().size();
		Process process = ChildJvm.start(arguments, log);
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (cortex.updates().size() < sentBefore + updates && process.isAlive() && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		assertThat(process.isAlive()).as("still running when killed").isTrue();
		process.destroyForcibly().waitFor();
		List<String> committed = repository
			.rows("SELECT connector_id FROM sync_outcome WHERE job_instance_id > ? AND outcome = 'UPDATED'", afterRun)
			.stream()
			.map(row -> (String) row.get("CONNECTOR_ID"))
			.toList();
		return new KilledRun(committed, sentBefore);
	}

	/**
	 * Checks what the killed run and its resume sent together: each of the
	 * {@code changed} connectors (the even-numbered ones), none twice whose outcome was
	 * committed, and at most two chunks of {@code chunkSize} twice.
	 */
	void sentEachChangedConnectorWithinTheBound(FakeCortex cortex, int changed, int chunkSize) {
		Map<String, Long> perConnector = cortex.updates()
			.subList(sentBefore, cortex.updates().size())
			.stream()
			.collect(Collectors.groupingBy(FakeCortex::connectorId, Collectors.counting()));
		assertThat(perConnector).hasSize(changed).allSatisfy((id, count) -> assertThat(id).matches("rc-\\d*[02468]"));
		assertThat(committed).as("outcomes committed before the kill").isNotEmpty();
		assertThat(committed).as("connectors whose outcome was committed are not sent again")
			.allSatisfy(id -> assertThat(perConnector.getOrDefault(id, 1L)).as(id).isOne());
		assertThat(perConnector.values().stream().filter(count -> count > 1).count())
			.as("only the chunk in flight and the chunk started ahead of it are sent again")
			.isLessThanOrEqualTo(2L * chunkSize);
	}

}
