package org.registrysync.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registrysync.outcome.OutcomeRepository;
import org.registrysync.outcome.OutcomeRow;
import org.registrysync.support.Cli;
import org.registrysync.support.Repository;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.jdbc.core.JdbcTemplate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A run that fails mid-file resumes at its last commit when the same command runs again,
 * and the outcome table then holds exactly one row per record. Runs on H2 and PostgreSQL
 * in the subclasses.
 */
abstract class AbstractRestartIntegrationTests {

	private static final int RECORDS = 1_050;

	@TempDir
	Path dir;

	/** The job repository of one test. */
	abstract Repository repository();

	private Path inventory() throws IOException {
		StringBuilder text = new StringBuilder(
				"connector_id,vendor,name,url,username,password,auth_token,scanning_mode,"
						+ "region,insecure_pull,initial_scan_configuration.mode\n");
		for (int i = 1; i <= RECORDS; i++) {
			String vendor = (i % 100 == 0) ? "QUAY" : "DOCKER";
			text.append("rc-")
				.append(i)
				.append(',')
				.append(vendor)
				.append(",n,https://r.example,u,p,t,CLOUD,r,false,ALL\n");
		}
		return Files.writeString(dir.resolve("connectors.csv"), text);
	}

	private List<String> args(Path inventory, String... more) {
		List<String> args = new ArrayList<>(repository().arguments());
		args.addAll(List.of("--sync.inventory=" + inventory, "--sync.dry-run=true", "--sync.chunk-size=100",
				"--sync.report=" + dir.resolve("report.json")));
		args.addAll(List.of(more));
		return args;
	}

	/**
	 * Makes the outcome table fail on its n-th chunk, as a database that goes away would.
	 */
	static void failOnChunk(SpringApplicationBuilder builder, int chunk) {
		builder.initializers(context -> context.getBeanFactory().addBeanPostProcessor(new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String name) {
				if (bean instanceof OutcomeRepository) {
					JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
					AtomicInteger chunks = new AtomicInteger();
					return new OutcomeRepository(jdbc) {
						@Override
						public void insert(List<OutcomeRow> rows) {
							if (chunks.incrementAndGet() == chunk) {
								throw new org.springframework.dao.DataAccessResourceFailureException(
										"injected: database went away");
							}
							super.insert(rows);
						}
					};
				}
				return bean;
			}
		}));
	}

	@Test
	void aFailedDryRunResumesAtTheCommittedPositionAndEveryRecordHasOneOutcome() throws IOException {
		// given
		Path inventory = inventory();
		Repository repository = repository();

		// when
		Cli.Result failed = Cli.run(builder -> failOnChunk(builder, 4), args(inventory).toArray(String[]::new));

		// then
		assertThat(failed.exitCode()).isEqualTo(1);
		assertThat(failed.err()).contains("FAILED")
			.contains("injected: database went away")
			.contains("re-run the same command to resume it");
		assertThat(repository.count("SELECT COUNT(*) FROM sync_outcome")).isEqualTo(300);
		JsonNode failedReport = JsonMapper.builder().build().readTree(dir.resolve("report.json").toFile());
		assertThat(failedReport.get("run").get("status").stringValue()).isEqualTo("FAILED");
		assertThat(failedReport.get("records")).hasSize(300);

		// when
		Cli.Result resumed = Cli.run(args(inventory).toArray(String[]::new));

		// then
		assertThat(resumed.exitCode()).isEqualTo(3);
		assertThat(resumed.out()).contains("Resuming run").contains("PLANNED 1040").contains("INVALID 10");
		assertThat(repository.count("SELECT COUNT(DISTINCT job_instance_id) FROM sync_outcome")).isEqualTo(1);
		assertThat(repository.count("SELECT COUNT(*) FROM sync_outcome")).isEqualTo(RECORDS);
		assertThat(repository.count("SELECT COUNT(DISTINCT record_number) FROM sync_outcome")).isEqualTo(RECORDS);
		assertThat(repository.count("SELECT COUNT(DISTINCT job_execution_id) FROM sync_outcome")).isEqualTo(2);
		assertThat(repository.rows("SELECT READ_COUNT, STATUS FROM BATCH_STEP_EXECUTION ORDER BY STEP_EXECUTION_ID"))
			.extracting(row -> row.get("READ_COUNT") + " " + row.get("STATUS"))
			.containsExactly("400 FAILED", "750 COMPLETED");
		JsonNode report = JsonMapper.builder().build().readTree(dir.resolve("report.json").toFile());
		assertThat(report.get("run").get("status").stringValue()).isEqualTo("COMPLETED");
		assertThat(report.get("counts").get("read").intValue()).isEqualTo(RECORDS);
		assertThat(report.get("records")).hasSize(RECORDS);
		assertThat(report.get("records").get(RECORDS - 1).get("connector_id").stringValue()).isEqualTo("rc-" + RECORDS);
	}

	@Test
	void aRunLeftUnknownByADatabaseThatWentAwayDuringACommitIsRepairedAndResumed() throws IOException {
		// given: a failed run that Spring Batch marked UNKNOWN, as it does when it cannot
		// save the state of a failed step, and then refuses to restart
		Path inventory = inventory();
		Cli.Result failed = Cli.run(builder -> failOnChunk(builder, 3), args(inventory).toArray(String[]::new));
		assertThat(failed.exitCode()).isEqualTo(1);
		Repository repository = repository();
		repository.jdbc().update("UPDATE BATCH_STEP_EXECUTION SET STATUS = 'UNKNOWN', EXIT_CODE = 'UNKNOWN'");
		repository.jdbc().update("UPDATE BATCH_JOB_EXECUTION SET STATUS = 'UNKNOWN', EXIT_CODE = 'UNKNOWN'");

		// when
		Cli.Result resumed = Cli.run(args(inventory).toArray(String[]::new));

		// then
		assertThat(resumed.exitCode()).as(resumed.all()).isEqualTo(3);
		assertThat(resumed.out()).contains("was left UNKNOWN; marking it FAILED to resume it").contains("Resuming run");
		assertThat(repository.count("SELECT COUNT(*) FROM sync_outcome")).isEqualTo(RECORDS);
		assertThat(repository.count("SELECT COUNT(DISTINCT record_number) FROM sync_outcome")).isEqualTo(RECORDS);
		assertThat(repository.rows("SELECT STATUS FROM BATCH_JOB_EXECUTION ORDER BY JOB_EXECUTION_ID"))
			.extracting(row -> row.get("STATUS"))
			.containsExactly("FAILED", "COMPLETED");
	}

	@Test
	void aChangedInventoryStartsANewRunInsteadOfResuming() throws IOException {
		Path inventory = inventory();
		Cli.Result failed = Cli.run(builder -> failOnChunk(builder, 2), args(inventory).toArray(String[]::new));
		assertThat(failed.exitCode()).isEqualTo(1);

		Files.writeString(inventory, Files.readString(inventory).replace("rc-7,", "rc-seven,"));
		Cli.Result changed = Cli.run(args(inventory).toArray(String[]::new));

		assertThat(changed.exitCode()).isEqualTo(3);
		Repository repository = repository();
		assertThat(repository.count("SELECT COUNT(*) FROM sync_run")).isEqualTo(2);
		assertThat(repository.count("SELECT COUNT(*) FROM sync_outcome WHERE connector_id = 'rc-seven'")).isEqualTo(1);
	}

}
