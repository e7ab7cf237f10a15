package org.registrysync.job;

import javax.sql.DataSource;

import org.registrysync.client.CortexProperties;
import org.registrysync.mapping.SecretResolver;
import org.registrysync.outcome.ReportWriter;
import org.registrysync.outcome.SummaryPrinter;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

/**
 * The fleet job ({@code sync.fleet}, SPEC §7): one partitioned step, a partition per
 * tenant ({@link FleetMembers}), run {@code sync.fleet-parallelism} at once on threads of
 * their own by Spring Batch's {@code TaskExecutorPartitionHandler}; each partition is a
 * {@link TenantStep}, which syncs its tenant as a run of the sync job. A fleet run that
 * failed is resumed by Spring Batch's own restart of the partitions that did not
 * complete.
 */
@Configuration(proxyBeanMethods = false)
public class FleetJobConfiguration {

	/** The fleet job's name in the job repository. */
	public static final String JOB_NAME = "registrySyncFleet";

	@Bean
	FleetMembers fleetMembers() {
		return new FleetMembers();
	}

	@Bean
	Job registrySyncFleetJob(JobRepository jobRepository, Step fleetStep, RunRegistration runRegistration) {
		return new JobBuilder(JOB_NAME, jobRepository).listener(runRegistration).start(fleetStep).build();
	}

	@Bean
	Step fleetStep(JobRepository jobRepository, FleetMembers fleetMembers, TenantSync tenantSync,
			RunFinisher runFinisher, StopSignal stopSignal, SyncProperties sync) {
		SimpleAsyncTaskExecutor threads = new SimpleAsyncTaskExecutor("fleet-");
		threads.setConcurrencyLimit(sync.fleetParallelism());
		Step tenantStep = new TenantStep(jobRepository, fleetMembers, tenantSync, runFinisher, stopSignal);
		return new StepBuilder("fleet", jobRepository).partitioner("tenant", fleetMembers)
			.step(tenantStep)
			.taskExecutor(threads)
			.gridSize(sync.fleetParallelism())
			.build();
	}

	@Bean
	FleetFinisher fleetFinisher(JobRepository jobRepository, RunFinisher runFinisher, SummaryPrinter summaryPrinter,
			ReportWriter reportWriter, SyncProperties sync) {
		return new FleetFinisher(jobRepository, runFinisher, summaryPrinter, reportWriter, sync);
	}

	@Bean
	FleetCommand fleetCommand(SyncProperties sync, CortexProperties cortex, Tenants tenants, FleetMembers fleetMembers,
			SecretResolver secretResolver, RunLock runLock, RunPlanner runPlanner, JobOperator jobOperator,
			Job registrySyncFleetJob, FleetFinisher fleetFinisher, DataSource dataSource, Environment environment) {
		return new FleetCommand(sync, cortex, tenants, fleetMembers, secretResolver, runLock,
				new RunLauncher(runPlanner, jobOperator, registrySyncFleetJob, "tenants"), fleetFinisher, dataSource,
				environment);
	}

}
