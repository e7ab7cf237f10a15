package org.registrysync.job;

import java.nio.file.Path;
import java.time.Clock;

import org.registrysync.client.CortexProperties;
import org.registrysync.outcome.OutcomeRepository;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The export job (SPEC §5, {@code sync.export}): a chunk-oriented step whose
 * {@link ExportReader} reads the ids and starts reading each connector from Cortex ahead
 * of the step, and whose {@link ExportWriter} awaits the definitions, stages them beside
 * the export file and records an outcome per id; then a step that writes the export file
 * whole ({@link ExportFileTasklet}). Restart is Spring Batch's: a failed export resumes
 * at its last commit, or at the file step.
 */
@Configuration(proxyBeanMethods = false)
public class ExportJobConfiguration {

	/** The job's name in the job repository. */
	public static final String JOB_NAME = "registryExport";

	@Bean
	Job registryExportJob(JobRepository jobRepository, Step exportStep, Step exportFileStep,
			RunRegistration runRegistration) {
		return new JobBuilder(JOB_NAME, jobRepository).listener(runRegistration)
			.start(exportStep)
			.next(exportFileStep)
			.build();
	}

	@Bean
	Step exportStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			ExportReader exportReader, ExportWriter exportWriter, RunProgress runProgress, SyncProperties sync) {
		return new StepBuilder("export", jobRepository).<ExportItem, ExportItem>chunk(sync.chunkSize())
			.transactionManager(transactionManager)
			.reader(exportReader)
			.writer(exportWriter)
			.listener(runProgress)
			.build();
	}

	@Bean
	Step exportFileStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			ExportFileTasklet exportFileTasklet) {
		return new StepBuilder("export-file", jobRepository).tasklet(exportFileTasklet, transactionManager).build();
	}

	@Bean
	@StepScope
	ExportReader exportReader(Tenants tenants, SyncProperties sync, StopSignal stopSignal,
			@Value("#{stepExecution}") StepExecution stepExecution) {
		RunParameters run = RunParameters.of(stepExecution.getJobParameters());
		return new ExportReader(run, tenants.forRun(run.tenant()).client(), sync.chunkSize(), stopSignal);
	}

	@Bean
	@StepScope
	ExportWriter exportWriter(OutcomeRepository outcomes, Clock clock, StopSignal stopSignal, RunProgress runProgress,
			RunLock runLock, SyncProperties sync, CortexProperties cortex, Tenants tenants,
			@Value("#{stepExecution}") StepExecution stepExecution) {
		RunMode.ExportTarget export = exportTarget(stepExecution);
		TenantContext tenant = tenants.forRun(RunParameters.of(stepExecution.getJobParameters()).tenant());
		return new ExportWriter(ExportWriter.staging(export.file()), export.secretTemplate(), outcomes,
				new AwaitAndRecordWriter.RunIds(stepExecution.getJobExecution().getJobInstance().getInstanceId(),
						stepExecution.getJobExecutionId()),
				clock, new AnswerWait(stopSignal, tenant.client()::lastActivityNanos,
						SyncJobConfiguration.idleLimit(sync, cortex)),
				runProgress, tenant.metrics(), runLock);
	}

	@Bean
	@StepScope
	ExportFileTasklet exportFileTasklet(@Value("#{stepExecution}") StepExecution stepExecution) {
		Path file = exportTarget(stepExecution).file();
		return new ExportFileTasklet(file);
	}

	private static RunMode.ExportTarget exportTarget(StepExecution stepExecution) {
		RunMode.ExportTarget export = RunParameters.of(stepExecution.getJobParameters()).mode().export();
		if (export == null) {
			throw new IllegalStateException("the export job runs without an export file");
		}
		return export;
	}

}
