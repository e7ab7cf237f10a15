package org.registrysync.job;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.function.LongSupplier;

import org.registrysync.client.CortexClient;
import org.registrysync.client.CortexProperties;
import org.registrysync.inventory.InventoryFile;
import org.registrysync.mapping.ConnectorMapper;
import org.registrysync.mapping.InventoryDefaults;
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
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The sync job: one chunk-oriented step whose pipeline is
 * <ol>
 * <li>{@link SendAheadReader}: reads the inventory and plans each record (validate, map,
 * compare with the ledger), and starts sending its update at once, ahead of the
 * step;</li>
 * <li>a processor that only leaves out the records {@code sync.only} excludes;</li>
 * <li>{@link AwaitAndRecordWriter}: awaits the chunk's answers, then records every
 * outcome and the ledger in the chunk's transaction, together with the reader's
 * position.</li>
 * </ol>
 * Sending starts in the reader rather than in a processor or the writer so that requests
 * flow at the rate limit across chunk boundaries; the writer's wait comes before any
 * statement of the chunk's transaction, so that no transaction is open while a request is
 * in flight (SPEC §4).
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
			SendAheadReader sendAheadReader, AwaitAndRecordWriter awaitAndRecordWriter, RunProgress runProgress,
			StopSendingOnFailure stopSendingOnFailure, SyncProperties properties) {
		return new StepBuilder(STEP_NAME, jobRepository).<SyncItem, SyncItem>chunk(properties.chunkSize())
			.transactionManager(transactionManager)
			.reader(sendAheadReader)
			.processor(item -> (item instanceof SyncItem.Skipped) ? null : item)
			.writer(awaitAndRecordWriter)
			.listener(runProgress)
			.listener(stopSendingOnFailure)
			.build();
	}

	@Bean
	@StepScope
	SendAheadReader sendAheadReader(ConnectorPlanner connectorPlanner, SyncProperties sync, StopSignal stopSignal,
			@Value("#{stepExecution}") StepExecution stepExecution) {
		// One chunk ahead: while a chunk waits for its last answers (a retry waits
		// a second or more after a 503), the next chunk's updates keep the rate
		// limit busy.
		int lookahead = sync.chunkSize();
		RunParameters run = RunParameters.of(stepExecution.getJobParameters());
		return new SendAheadReader(InventoryFile.of(run.inventory()), connectorPlanner, lookahead, stopSignal);
	}

	@Bean
	@StepScope
	ConnectorPlanner connectorPlanner(ConnectorMapper mapper, InventoryScans scans, RequestBodies bodies,
			LedgerRepository ledger, Tenants tenants, PlatformTransactionManager transactionManager,
			@Value("#{stepExecution}") StepExecution stepExecution) {
		RunParameters run = RunParameters.of(stepExecution.getJobParameters());
		TenantContext tenant = tenants.forRun(run.tenant());
		TransactionTemplate lookups = new TransactionTemplate(transactionManager);
		lookups.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		lookups.setReadOnly(true);
		return new ConnectorPlanner(mapper, scans.get(InventoryFile.of(run.inventory()), run.sha256()).duplicates(),
				Set.copyOf(run.mode().only()), bodies, tenant.fingerprinter(), ledger, run.tenant(), run.mode().full(),
				run.mode().compare(), run.mode().dryRun(), run.mode().usesTenant() ? tenant.client() : null, lookups)
			.withDefaults(defaults(run))
			.merging(run.mode().merge());
	}

	/**
	 * The run's defaults, read again as the step starts; a file changed since the run
	 * began would make another run, so it must still be the one the run was keyed with.
	 */
	private static InventoryDefaults defaults(RunParameters run) {
		RunMode.Defaults defaults = run.mode().defaults();
		if (defaults == null) {
			return InventoryDefaults.NONE;
		}
		InventoryDefaults loaded = InventoryDefaults.load(defaults.file());
		if (!loaded.sha256().equals(defaults.sha256())) {
			throw new ConfigurationException(defaults.file() + " changed while the run was under way; run the "
					+ "command again to start a run with the new defaults");
		}
		return loaded;
	}

	@Bean
	@StepScope
	StopSendingOnFailure stopSendingOnFailure(ConnectorPlanner connectorPlanner) {
		return new StopSendingOnFailure(connectorPlanner);
	}

	@Bean
	@StepScope
	AwaitAndRecordWriter awaitAndRecordWriter(OutcomeRepository outcomes, LedgerRepository ledger, Clock clock,
			StopSignal stopSignal, RunProgress runProgress, RunLock runLock, SyncProperties sync,
			CortexProperties cortex, Tenants tenants, @Value("#{stepExecution}") StepExecution stepExecution) {
		RunParameters run = RunParameters.of(stepExecution.getJobParameters());
		TenantContext tenant = tenants.forRun(run.tenant());
		// A dry run that compares with the ledger sends nothing, and so awaits nothing.
		LongSupplier lastActivity = !run.mode().usesTenant() ? System::nanoTime : tenant.client()::lastActivityNanos;
		return new AwaitAndRecordWriter(outcomes, ledger, run.tenant(),
				new AwaitAndRecordWriter.RunIds(stepExecution.getJobExecution().getJobInstance().getInstanceId(),
						stepExecution.getJobExecutionId()),
				clock, stopSignal, runProgress, tenant.metrics(), runLock, lastActivity, idleLimit(sync, cortex));
	}

	/**
	 * Longer than the client can go without doing anything while answers are awaited: one
	 * attempt timing out (connect, headers, body), then the longest single wait, a pause
	 * for Cortex's {@code Retry-After} or a backoff, with its jitter; and a minute more.
	 * Past it, an answer was lost.
	 */
	static Duration idleLimit(SyncProperties sync, CortexProperties cortex) {
		Duration attempt = cortex.connectTimeout().plus(cortex.readTimeout().multipliedBy(2));
		Duration longestWait = sync.retryBackoffMax().compareTo(CortexClient.MAX_RETRY_AFTER) > 0
				? sync.retryBackoffMax() : CortexClient.MAX_RETRY_AFTER;
		// Failsafe's jitter may stretch a wait by up to a quarter.
		return attempt.plus(longestWait.multipliedBy(5).dividedBy(4)).plusMinutes(1);
	}

	@Bean
	Tenants tenants(CortexProperties cortex, SyncProperties sync, SyncMetrics syncMetrics, Clock clock,
			StopSignal stopSignal) {
		return new Tenants(cortex, sync, syncMetrics, clock, stopSignal);
	}

	@Bean
	RunRegistration runRegistration(RunRepository runs, Clock clock) {
		return new RunRegistration(runs, clock);
	}

	@Bean
	@StepScope
	RunProgress runProgress(OutcomeRepository outcomes) {
		return new RunProgress(outcomes);
	}

}
