package org.registrysync.job;

import java.time.Clock;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;

import org.registrysync.mapping.ConnectorMapper;
import org.registrysync.mapping.RequestBodies;
import org.registrysync.mapping.SecretResolver;
import org.registrysync.outcome.LedgerRepository;
import org.registrysync.outcome.OutcomeRepository;
import org.registrysync.outcome.ReportWriter;
import org.registrysync.outcome.RunRepository;
import org.registrysync.outcome.SummaryPrinter;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.batch.jdbc.autoconfigure.BatchJdbcProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the sync job runs on: the repositories of registry-sync's tables, the clock, the
 * run lock, the stop signal, metrics, secret resolution and mapping, the report writer
 * and the summary printer. The job itself is in {@link SyncJobConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
public class SyncInfrastructureConfiguration {

	/**
	 * Checks the bound {@code sync.*} and {@code cortex.*} properties at startup. Static,
	 * and named as Boot looks it up, so that it exists before any properties are bound.
	 */
	@Bean(EnableConfigurationProperties.VALIDATOR_BEAN_NAME)
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static SyncConfigurationValidator configurationPropertiesValidator(ConfigurableEnvironment environment) {
		return new SyncConfigurationValidator(environment);
	}

	@Bean
	BatchSchemaInitializer batchSchemaInitializer(DataSource dataSource, BatchJdbcProperties properties) {
		return new BatchSchemaInitializer(dataSource, properties);
	}

	@Bean
	CortexPreflight cortexPreflight() {
		return new CortexPreflight();
	}

	@Bean
	RunLauncher runLauncher(RunPlanner runPlanner, JobOperator jobOperator, Job registrySyncJob) {
		return new RunLauncher(runPlanner, jobOperator, registrySyncJob);
	}

	@Bean
	TenantSync tenantSync(InventoryScans inventoryScans, RunLock runLock, CortexPreflight cortexPreflight,
			RunLauncher runLauncher) {
		return new TenantSync(inventoryScans, runLock, cortexPreflight, runLauncher);
	}

	@Bean
	RunLauncher exportLauncher(RunPlanner runPlanner, JobOperator jobOperator, Job registryExportJob) {
		return new RunLauncher(runPlanner, jobOperator, registryExportJob);
	}

	@Bean
	RunFinisher runFinisher(RunRepository runs, OutcomeRepository outcomes, SummaryPrinter summaryPrinter,
			ReportWriter reportWriter, SyncMetrics syncMetrics, SyncProperties sync) {
		return new RunFinisher(runs, outcomes, summaryPrinter, reportWriter, syncMetrics, sync);
	}

	@Bean
	RequestBodies requestBodies(SecretResolver secrets) {
		return new RequestBodies(secrets);
	}

	@Bean
	SecretResolver secretResolver() {
		return SecretResolver.system();
	}

	@Bean
	LedgerRepository ledgerRepository(JdbcTemplate jdbc) {
		return new LedgerRepository(jdbc);
	}

	@Bean
	RunPlanner runPlanner(RunRepository runs, JobRepository jobRepository, JobOperator jobOperator) {
		return new RunPlanner(runs, jobRepository, jobOperator);
	}

	@Bean
	ConnectorMapper connectorMapper(SecretResolver secrets) {
		return new ConnectorMapper(secrets);
	}

	@Bean
	InventoryScans inventoryScans() {
		return new InventoryScans();
	}

	@Bean
	OutcomeRepository outcomeRepository(JdbcTemplate jdbc) {
		return new OutcomeRepository(jdbc);
	}

	@Bean
	RunRepository runRepository(JdbcTemplate jdbc) {
		return new RunRepository(jdbc);
	}

	@Bean
	ReportWriter reportWriter(OutcomeRepository outcomes) {
		return new ReportWriter(outcomes);
	}

	@Bean
	SummaryPrinter summaryPrinter(OutcomeRepository outcomes,
			@Value("${logging.structured.format.console:}") String structuredFormat) {
		return SummaryPrinter.forConsole(outcomes, structuredFormat);
	}

	@Bean
	SyncMetrics syncMetrics(MeterRegistry registry) {
		return new SyncMetrics(registry);
	}

	@Bean
	StopSignal stopSignal() {
		return new StopSignal();
	}

	@Bean
	RunLock runLock(DataSource dataSource) {
		return new RunLock(dataSource);
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
