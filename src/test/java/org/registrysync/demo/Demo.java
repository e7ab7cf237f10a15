package org.registrysync.demo;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.registrysync.RegistrySyncApplication;
import org.registrysync.support.FakeCortex;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * A real sync without a tenant: starts a simulated Cortex on 127.0.0.1 and runs the job
 * against it on an H2 file under {@code target/demo/}, so that a newcomer sees the rate
 * limit, a retry, a 404, an INVALID record, the summary and the report. Run it with
 * {@code ./mvnw -B -q test-compile spring-boot:test-run
 * -Dspring-boot.run.main-class=org.registrysync.demo.Demo}.
 */
public final class Demo {

	private Demo() {
	}

	public static void main(String[] args) throws IOException {
		Path work = Path.of("target", "demo").toAbsolutePath();
		Files.createDirectories(work);
		Path password = Files.writeString(work.resolve("registry-password.txt"), "demo-password\n");
		StringBuilder inventory = new StringBuilder("connector_id,vendor,name,url,username,password,auth_token,"
				+ "scanning_mode,region,insecure_pull,initial_scan_configuration.mode,initial_scan_configuration.numDays\n");
		for (int i = 1; i <= 24; i++) {
			String id = switch (i) {
				case 5 -> "rc-flaky";
				case 9 -> "rc-deleted-in-console";
				case 13 -> "rc-throttled";
				default -> "rc-" + i;
			};
			inventory.append(id)
				.append(",DOCKER,Registry ")
				.append(i)
				.append(",https://registry-")
				.append(i)
				.append(".example.com,scanner,${file:")
				.append(password)
				.append("},demo-token,CLOUD,us-east-1,false,")
				.append(i % 2 == 0 ? "ALL," : "TAGS_MODIFIED_DAYS,30")
				.append('\n');
		}
		inventory.append("rc-typo,QUAY,Registry with a typo,https://quay.example.com,scanner,${file:")
			.append(password)
			.append("},demo-token,CLOUD,us-east-1,maybe,TAGS_MODIFIED_DAYS,120\n");
		Path file = Files.writeString(work.resolve("connectors.csv"), inventory);

		try (FakeCortex cortex = new FakeCortex()) {
			cortex.onEveryUpdate(FakeCortex.accepted().withFixedDelay(80));
			cortex.onUpdateInTurn("rc-flaky", FakeCortex.error(503, "INTERNAL_ERROR", "try again"),
					FakeCortex.accepted());
			cortex.onUpdate("rc-deleted-in-console", FakeCortex.error(404, "NOT_FOUND", "Connector ID not found"));
			cortex.onUpdateInTurn("rc-throttled", aResponse().withStatus(429).withHeader("Retry-After", "2"),
					FakeCortex.accepted());
			System.out.println("Simulated Cortex on " + cortex.baseUrl() + "; inventory " + file);
			int code = RegistrySyncApplication.run(new SpringApplicationBuilder(RegistrySyncApplication.class),
					"--sync.inventory=" + file, "--cortex.base-url=" + cortex.baseUrl(), "--cortex.api-key-id=42",
					"--cortex.api-key=demo-api-key", "--sync.rate-limit=5", "--sync.max-concurrency=4",
					"--sync.retry-backoff=500ms", "--sync.report=" + work.resolve("report.json"),
					"--spring.datasource.url=jdbc:h2:file:" + work.resolve("data/registry-sync") + ";WRITE_DELAY=0");
			System.out.println();
			System.out.println("The simulated Cortex received " + cortex.requests().size() + " requests, at most "
					+ cortex.busiestSecond() + " in any one second (sync.rate-limit=5).");
			System.out.println("Report: " + work.resolve("report.json") + "; exit code " + code
					+ " (3: the run completed, but some connectors are INVALID, NOT_FOUND or FAILED).");
		}
	}

}
