package org.registrysync.job;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.registrysync.client.CortexClient;
import org.registrysync.client.CortexFatalException;
import org.registrysync.client.CortexProperties;
import org.registrysync.client.CortexTransport;
import org.registrysync.client.DeliverySettings;
import org.registrysync.client.RequestSigner;
import org.registrysync.inventory.InventoryFile;
import org.registrysync.mapping.ConnectorMapper;
import org.registrysync.mapping.Fingerprinter;
import org.registrysync.mapping.RequestBodies;
import org.registrysync.outcome.LedgerRepository;
import org.registrysync.outcome.OutcomeRepository;
import org.registrysync.outcome.RunRepository;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The sync job: one chunk-oriented step that reads the inventory, validates and maps each
 * record, and records each outcome in the chunk's transaction together with the reader's
 * position.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ SyncProperties.class, CortexProperties.class })
public class SyncJobConfiguration {

	/** The job's name in the job repository. */
	public static final String JOB_NAME = "registrySync";

	/** The step's name in the job repository. */
	public static final String STEP_NAME = "sync";

	@Bean
	Job registrySyncJob(JobRepository jobRepository, Step syncStep, RunRegistration runRegistration) {
		return new JobBuilder(JOB_NAME, jobRepository).listener(runRegistration).start(syncStep).build();
	}

	@Bean
	Step syncStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			PlanningReader planningReader, OutcomeWriter outcomeWriter, RunProgress runProgress,
			SyncProperties properties) {
		return new StepBuilder(STEP_NAME, jobRepository).<SyncItem, SyncItem>chunk(properties.chunkSize())
			.transactionManager(transactionManager)
			.reader(planningReader)
			.processor(item -> (item instanceof SyncItem.Skipped) ? null : item)
			.writer(outcomeWriter)
			.listener(runProgress)
			.build();
	}

	@Bean
	@StepScope
	PlanningReader planningReader(ConnectorPlanner connectorPlanner, SyncProperties sync, StopSignal stopSignal,
			@Value("#{jobParameters['" + RunPlan.INVENTORY + "']}") String inventory) {
		// One chunk ahead: while a chunk waits for its last answers (a retry waits
		// a second or more after a 503), the next chunk's updates keep the rate
		// limit busy.
		int lookahead = sync.chunkSize();
		return new PlanningReader(InventoryFile.of(Path.of(inventory)), connectorPlanner, lookahead, stopSignal);
	}

	@Bean
	@StepScope
	ConnectorPlanner connectorPlanner(ConnectorMapper mapper, InventoryScans scans, RequestBodies bodies,
			LedgerRepository ledger, SyncProperties sync, CortexProperties cortex,
			ObjectProvider<CortexClient> cortexClient,
			@Value("#{jobParameters['" + RunPlan.INVENTORY + "']}") String inventory,
			@Value("#{jobParameters['" + RunPlan.INVENTORY_SHA256 + "']}") String sha256,
			@Value("#{jobParameters['" + RunPlan.TENANT + "']}") String tenant,
			@Value("#{jobParameters['" + RunPlan.DRY_RUN + "']}") String dryRun,
			@Value("#{jobParameters['" + RunPlan.FULL + "']}") String full,
			@Value("#{jobParameters['" + RunPlan.ONLY + "']}") String only) {
		Set<String> ids = only.isEmpty() ? Set.of() : Set.of(only.split(","));
		boolean send = !Boolean.parseBoolean(dryRun);
		return new ConnectorPlanner(mapper, scans.get(InventoryFile.of(Path.of(inventory)), sha256).duplicates(), ids,
				bodies, fingerprinter(sync, cortex), ledger, tenant, Boolean.parseBoolean(full),
				send ? cortexClient.getObject() : null);
	}

	/**
	 * The ledger's key: {@code sync.ledger-key}, else derived from the API key; none
	 * without either.
	 */
	private static @Nullable Fingerprinter fingerprinter(SyncProperties sync, CortexProperties cortex) {
		if (sync.ledgerKey() != null) {
			return Fingerprinter.withKey(sync.ledgerKey());
		}
		return cortex.apiKey() == null ? null : Fingerprinter.derivedFrom(cortex.apiKey());
	}

	@Bean
	@StepScope
	OutcomeWriter outcomeWriter(OutcomeRepository outcomes, LedgerRepository ledger, Clock clock, StopSignal stopSignal,
			RunProgress runProgress, SyncMetrics syncMetrics, RunLock runLock,
			@Value("#{stepExecution}") StepExecution stepExecution,
			@Value("#{jobParameters['" + RunPlan.TENANT + "']}") String tenant) {
		return new OutcomeWriter(outcomes, ledger, tenant,
				new OutcomeWriter.RunIds(stepExecution.getJobExecution().getJobInstance().getInstanceId(),
						stepExecution.getJobExecutionId()),
				clock, stopSignal, runProgress, syncMetrics, runLock);
	}

	@Bean
	@Lazy
	CortexClient cortexClient(CortexProperties cortex, SyncProperties sync, Clock clock, StopSignal stopSignal,
			SyncMetrics syncMetrics) {
		if (cortex.baseUrl() == null || cortex.apiKeyId() == null || cortex.apiKey() == null) {
			throw new ConfigurationException("cortex.base-url, cortex.api-key-id and cortex.api-key are required");
		}
		RequestSigner signer = new RequestSigner(cortex.authMode(), cortex.apiKeyId(), cortex.apiKey(),
				cortex.authHeaders(), clock);
		CortexTransport transport = new CortexTransport(cortex.baseUrl(), signer, cortex.connectTimeout(),
				cortex.readTimeout(), cortex.caCertificate(), clock);
		DeliverySettings settings = new DeliverySettings(sync.rateLimit(), sync.maxConcurrency(), sync.maxAttempts(),
				sync.retryBackoff(), sync.retryBackoffMax(), sync.failureThreshold());
		CortexClient client = new CortexClient(transport, settings, clock, syncMetrics);
		stopSignal.onRequest(() -> client.stop(new CortexFatalException("stopped by " + stopSignal.reason())));
		return client;
	}

	@Bean
	RunRegistration runRegistration(RunRepository runs, Clock clock) {
		return new RunRegistration(runs, clock);
	}

	@Bean
	RunProgress runProgress(OutcomeRepository outcomes) {
		return new RunProgress(outcomes);
	}

}
