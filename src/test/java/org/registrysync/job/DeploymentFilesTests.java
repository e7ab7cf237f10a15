package org.registrysync.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registrysync.fleet.FleetFile;
import org.registrysync.mapping.SecretReference;
import org.yaml.snakeyaml.Yaml;

/** The container and scheduling files say what operations rely on. */
class DeploymentFilesTests {

	private static Map<String, Object> yaml(String file) throws IOException {
		return new Yaml().load(Files.readString(Path.of("cron/kubernetes", file)));
	}

	@SuppressWarnings("unchecked")
	private static <T> T at(Object node, String... path) {
		Object current = node;
		for (String key : path) {
			current = (current instanceof List<?> list) ? list.get(Integer.parseInt(key))
					: ((Map<String, Object>) current).get(key);
		}
		return (T) current;
	}

	@Test
	void theCronJobRunsOneAtATimeAndFailsAtOnceOnBadConfiguration() throws IOException {
		Map<String, Object> cronJob = yaml("cronjob.yaml");

		assertThat(at(cronJob, "kind").toString()).isEqualTo("CronJob");
		Map<String, Object> spec = at(cronJob, "spec");
		assertThat(spec).containsEntry("concurrencyPolicy", "Forbid");
		assertThat((Integer) spec.get("startingDeadlineSeconds")).isPositive();
		assertThat((String) spec.get("timeZone")).isNotBlank();
		Map<String, Object> job = at(spec, "jobTemplate", "spec");
		assertThat((Integer) job.get("backoffLimit")).isPositive();
		assertThat((Integer) job.get("activeDeadlineSeconds")).isPositive();
		assertThat((Integer) job.get("ttlSecondsAfterFinished")).isPositive();
		Map<String, Object> failJob = at(job, "podFailurePolicy", "rules", "0");
		assertThat(failJob).containsEntry("action", "FailJob");
		assertThat(at(failJob, "onExitCodes", "operator").toString()).isEqualTo("In");
		assertThat((List<Integer>) at(failJob, "onExitCodes", "values"))
			.containsExactly(SyncCommand.EXIT_CONFIGURATION);
		Map<String, Object> pod = at(job, "template", "spec");
		assertThat(pod).containsEntry("restartPolicy", "Never");
		assertThat(pod).as("no CORTEX_*/SYNC_* variables from Services").containsEntry("enableServiceLinks", false);
		Map<String, Object> container = at(pod, "containers", "0");
		assertThat(at(failJob, "onExitCodes", "containerName").toString()).isEqualTo(container.get("name"));
		assertThat((Integer) pod.get("terminationGracePeriodSeconds")).isGreaterThanOrEqualTo(30);
	}

	@Test
	void thePodRunsAsNonRootOnAReadOnlyFilesystemWithSecretsAsFilesAndAWritableWorkVolume() throws IOException {
		Map<String, Object> pod = at(yaml("cronjob.yaml"), "spec", "jobTemplate", "spec", "template", "spec");
		Map<String, Object> container = at(pod, "containers", "0");

		assertThat((Boolean) at(pod, "securityContext", "runAsNonRoot")).isTrue();
		assertThat((Integer) at(pod, "securityContext", "runAsUser")).isEqualTo(10001);
		assertThat((Boolean) at(container, "securityContext", "readOnlyRootFilesystem")).isTrue();
		assertThat((Boolean) at(container, "securityContext", "allowPrivilegeEscalation")).isFalse();
		assertThat((Map<String, Object>) at(container, "resources", "requests")).containsKeys("cpu", "memory");
		assertThat((Map<String, Object>) at(container, "resources", "limits")).containsKey("memory");

		List<Map<String, Object>> mounts = at(container, "volumeMounts");
		List<Map<String, Object>> volumes = at(pod, "volumes");
		Map<String, Object> secretMount = mounts.stream()
			.filter(m -> "secrets".equals(m.get("name")))
			.findFirst()
			.orElseThrow();
		Map<String, Object> secretVolume = volumes.stream()
			.filter(v -> "secrets".equals(v.get("name")))
			.findFirst()
			.orElseThrow();
		assertThat(at(secretVolume, "secret", "secretName").toString())
			.isEqualTo(at(yaml("secret.yaml"), "metadata", "name"));
		List<Map<String, Object>> env = at(container, "env");
		assertThat(env).anySatisfy(variable -> {
			assertThat(variable.get("name")).isEqualTo("SPRING_CONFIG_IMPORT");
			assertThat(variable.get("value").toString())
				.isEqualTo("optional:configtree:" + secretMount.get("mountPath") + "/");
		});
		assertThat(env).noneSatisfy(
				variable -> assertThat(variable.get("name").toString()).contains("API_KEY").doesNotEndWith("_ID"));
		Map<String, Object> inventoryVolume = volumes.stream()
			.filter(v -> "inventory".equals(v.get("name")))
			.findFirst()
			.orElseThrow();
		assertThat(at(inventoryVolume, "configMap", "name").toString())
			.isEqualTo(at(yaml("configmap.yaml"), "metadata", "name"));
		Map<String, Object> work = mounts.stream().filter(m -> "work".equals(m.get("name"))).findFirst().orElseThrow();
		assertThat((Boolean) work.get("readOnly")).isNotEqualTo(Boolean.TRUE);
		assertThat((List<String>) container.get("args"))
			.anySatisfy(arg -> assertThat(arg).startsWith("--sync.report=" + work.get("mountPath") + "/"));
		Map<String, Object> secret = yaml("secret.yaml");
		assertThat((Map<String, Object>) secret.get("stringData")).containsKeys("cortex.api-key",
				"spring.datasource.password");
	}

	@Test
	void theCrontabNeverOverlapsAndKeepsALog() throws IOException {
		List<String> entries = Files.readAllLines(Path.of("cron/crontab"))
			.stream()
			.filter(line -> line.matches("^[0-9*@].*"))
			.toList();

		List<String> lines = Files.readAllLines(Path.of("cron/crontab"));

		assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("JAVA_HOME=/"));
		assertThat(entries).isNotEmpty().allSatisfy(entry -> {
			assertThat(entry).contains("flock -n ")
				.contains("\"$JAVA_HOME/bin/java\" -jar registry-sync.jar")
				.contains("--sync.report=")
				.contains(">> ")
				.contains("2>&1");
			assertThat(entry).contains("CORTEX_API_KEY=\"$(cat ").doesNotContain("--cortex.api-key=");
			assertThat(entry).contains("SPRING_DATASOURCE_PASSWORD=\"$(cat ")
				.doesNotContain("--spring.datasource.password=");
		});
	}

	@Test
	void theImageIsBuiltInStagesAndRunsAsNonRootWithNothingBakedIn() throws IOException {
		List<String> lines = Files.readAllLines(Path.of("Dockerfile"));

		assertThat(lines).filteredOn(line -> line.startsWith("FROM ")).hasSize(2);
		assertThat(lines).anySatisfy(line -> assertThat(line).contains("./mvnw").contains("package"));
		assertThat(lines).anySatisfy(line -> assertThat(line).contains("-Djarmode=tools").contains("--layers"));
		assertThat(lines).anySatisfy(line -> assertThat(line).isEqualTo("USER 10001:10001"));
		assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("ENTRYPOINT [\"java\""));
		assertThat(lines).filteredOn(line -> line.startsWith("COPY ") || line.startsWith("ADD "))
			.noneSatisfy(line -> assertThat(line).containsAnyOf("samples", "secret", "config/", ".csv", ".json"));
	}

	@Test
	@SuppressWarnings("unchecked")
	void theFleetCronJobIsAnIndexedJobOfOneShardPerPodOnTheJobCompletionIndex(@TempDir Path dir) throws IOException {
		Map<String, Object> cronJob = yaml("fleet/cronjob.yaml");

		assertThat(at(cronJob, "kind").toString()).isEqualTo("CronJob");
		assertThat(at(cronJob, "spec", "concurrencyPolicy").toString()).isEqualTo("Forbid");
		Map<String, Object> job = at(cronJob, "spec", "jobTemplate", "spec");
		assertThat(job).containsEntry("completionMode", "Indexed");
		int completions = (Integer) job.get("completions");
		assertThat(completions).isGreaterThan(1);
		assertThat((Integer) job.get("parallelism")).as("every shard at once").isEqualTo(completions);
		assertThat((Integer) job.get("backoffLimitPerIndex")).isPositive();
		assertThat((Integer) job.get("activeDeadlineSeconds")).isPositive();
		Map<String, Object> failIndex = at(job, "podFailurePolicy", "rules", "0");
		assertThat(failIndex).containsEntry("action", "FailIndex");
		assertThat(at(failIndex, "onExitCodes", "operator").toString()).isEqualTo("In");
		assertThat((List<Integer>) at(failIndex, "onExitCodes", "values"))
			.containsExactly(SyncCommand.EXIT_CONFIGURATION);
		assertThat(at(job, "podFailurePolicy", "rules", "1", "action").toString()).isEqualTo("Ignore");
		Map<String, Object> pod = at(job, "template", "spec");
		assertThat(pod).containsEntry("restartPolicy", "Never").containsEntry("enableServiceLinks", false);
		assertThat(at(pod, "securityContext", "runAsNonRoot").toString()).isEqualTo("true");
		Map<String, Object> container = at(pod, "containers", "0");
		assertThat(at(failIndex, "onExitCodes", "containerName").toString()).isEqualTo(container.get("name"));
		assertThat(at(container, "securityContext", "readOnlyRootFilesystem").toString()).isEqualTo("true");
		// the shard is the pod's index of COUNT = completions
		assertThat((List<String>) container.get("args"))
			.contains("--sync.fleet-shard=$(JOB_COMPLETION_INDEX)/" + completions)
			.contains("--sync.fleet=/fleet/fleet.yml");
		Map<String, Object> index = ((List<Map<String, Object>>) container.get("env")).stream()
			.filter(variable -> "JOB_COMPLETION_INDEX".equals(variable.get("name")))
			.findFirst()
			.orElseThrow();
		assertThat(at(index, "valueFrom", "fieldRef", "fieldPath").toString())
			.isEqualTo("metadata.annotations['batch.kubernetes.io/job-completion-index']");
		// the fleet file of the ConfigMap is one the job reads, and every key it names is
		// mounted
		Map<String, Object> data = at(yaml("fleet/configmap.yaml"), "data");
		Path fleetFile = Files.writeString(dir.resolve("fleet.yml"), (String) data.get("fleet.yml"));
		List<FleetFile.Tenant> tenants = FleetFile.load(fleetFile);
		assertThat(tenants).as("a tenant for every shard").hasSizeGreaterThanOrEqualTo(completions);
		List<Map<String, Object>> volumes = at(pod, "volumes");
		Map<String, Object> keys = volumes.stream()
			.filter(volume -> "tenant-keys".equals(volume.get("name")))
			.findFirst()
			.orElseThrow();
		List<Map<String, Object>> items = at(keys, "secret", "items");
		Map<String, Object> secret = at(yaml("fleet/secret.yaml"), "stringData");
		assertThat(at(keys, "secret", "secretName").toString())
			.isEqualTo(at(yaml("fleet/secret.yaml"), "metadata", "name").toString());
		String mountPath = ((List<Map<String, Object>>) container.get("volumeMounts")).stream()
			.filter(mount -> "tenant-keys".equals(mount.get("name")))
			.findFirst()
			.orElseThrow()
			.get("mountPath")
			.toString();
		// the shared Secret is mounted without the single tenant's key, which a fleet
		// refuses
		Map<String, Object> shared = volumes.stream()
			.filter(volume -> "secrets".equals(volume.get("name")))
			.findFirst()
			.orElseThrow();
		assertThat(at(shared, "secret", "secretName").toString())
			.isEqualTo(at(yaml("secret.yaml"), "metadata", "name").toString());
		List<Map<String, Object>> sharedItems = at(shared, "secret", "items");
		Map<String, Object> sharedKeys = at(yaml("secret.yaml"), "stringData");
		assertThat(sharedItems).extracting(item -> item.get("key").toString())
			.contains("spring.datasource.password")
			.noneMatch(key -> key.startsWith("cortex."))
			.allMatch(sharedKeys::containsKey);
		for (FleetFile.Tenant tenant : tenants) {
			assertThat(tenant.apiKey().kind()).isEqualTo(SecretReference.Kind.FILE);
			assertThat(data).as(tenant.name() + "'s inventory")
				.containsKey(tenant.inventory().getFileName().toString());
			assertThat(secret).as(tenant.name() + "'s key").containsKey(tenant.name());
			assertThat(items).as(tenant.name() + "'s key mounted where the fleet file says")
				.anySatisfy(item -> assertThat(mountPath + "/" + item.get("path")).isEqualTo(tenant.apiKey().target()));
		}
	}

}
