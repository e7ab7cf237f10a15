package org.registrysync.job;

import org.registrysync.outcome.RunResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.AbstractStep;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * The worker step of a fleet run: syncs the tenant of its partition exactly as a
 * single-tenant command would ({@link TenantSync}: its own lock, key check, client, rate
 * limit and run, which resumes where an earlier attempt stopped), and keeps the run's id
 * and exit code in the partition's execution context. A tenant whose run ends with exit
 * code 1 or 2 fails the step, and so the fleet run, which the same command then resumes
 * for the failed tenants only (Spring Batch restarts only the partitions that did not
 * complete); the other tenants are not touched by it.
 * <p>
 * An {@link AbstractStep} like Spring Batch's {@code JobStep}, which runs a job as a
 * step, and for the same reason: a tasklet step would wrap the tenant's whole run in one
 * transaction. {@code JobStep} itself is not used because a tenant's run starts only once
 * its lock is taken and its key checked, and its job parameters come from its inventory's
 * scan.
 */
class TenantStep extends AbstractStep {

	/** The MDC key of the tenant's name on every log line of its run. */
	static final String TENANT = "tenant";

	static final String EXIT_CODE = "tenant.exit-code";

	static final String RUN_ID = "tenant.run-id";

	static final String PROBLEM = "tenant.problem";

	private static final Logger log = LoggerFactory.getLogger(TenantStep.class);

	private final FleetMembers members;

	private final TenantSync tenantSync;

	private final RunFinisher finisher;

	private final StopSignal stopSignal;

	TenantStep(JobRepository jobRepository, FleetMembers members, TenantSync tenantSync, RunFinisher finisher,
			StopSignal stopSignal) {
		super(jobRepository);
		setName("tenant");
		this.members = members;
		this.tenantSync = tenantSync;
		this.finisher = finisher;
		this.stopSignal = stopSignal;
	}

	@Override
	protected void doExecute(StepExecution stepExecution) {
		ExecutionContext context = stepExecution.getExecutionContext();
		String name = context.getString(FleetMembers.NAME);
		FleetMembers.Member member = members.get(name);
		MDC.put(TENANT, name);
		try {
			int code = sync(member, context);
			context.putInt(EXIT_CODE, code);
			stepExecution.setExitStatus(new ExitStatus("EXIT " + code));
			if (code == SyncCommand.EXIT_FAILED || code == SyncCommand.EXIT_CONFIGURATION) {
				throw new TenantFailedException(name, code);
			}
		}
		finally {
			MDC.remove(TENANT);
			MDC.remove(RunRegistration.RUN_ID);
		}
	}

	private int sync(FleetMembers.Member member, ExecutionContext context) {
		context.remove(RUN_ID);
		context.remove(PROBLEM);
		TenantContext tenant = member.context();
		if (tenant == null || member.problem() != null) {
			return problem(context, SyncCommand.EXIT_CONFIGURATION, String.valueOf(member.problem()));
		}
		if (stopSignal.requested()) {
			return problem(context, SyncCommand.EXIT_FAILED, "stopped by " + stopSignal.reason() + " before it began");
		}
		RunResult result;
		try {
			JobExecution execution = tenantSync.sync(tenant);
			result = finisher.result(execution, tenant.metrics());
		}
		catch (RuntimeException e) {
			int code;
			try {
				code = SyncCommand.exitCode(e);
			}
			catch (RuntimeException unexpected) {
				// Not one of ours: its stack trace is what tells why.
				log.error("Tenant {} failed", member.tenant().name(), e);
				code = SyncCommand.EXIT_FAILED;
			}
			return problem(context, code, String.valueOf(e.getMessage()));
		}
		context.putLong(RUN_ID, result.run().jobInstanceId());
		if (result.failure() != null) {
			context.putString(PROBLEM, result.failure());
		}
		return result.exitCode();
	}

	private static int problem(ExecutionContext context, int code, String problem) {
		log.warn("Tenant {} not synced (exit code {}): {}", context.getString(FleetMembers.NAME), code, problem);
		context.putString(PROBLEM, problem);
		return code;
	}

	/**
	 * A tenant's run failed or could not start: the step fails without a stack trace, its
	 * cause having been told already.
	 */
	static final class TenantFailedException extends RuntimeException {

		TenantFailedException(String name, int code) {
			super("tenant " + name + " ended with exit code " + code, null, false, false);
		}

	}

}
