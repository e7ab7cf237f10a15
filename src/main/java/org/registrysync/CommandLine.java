package org.registrysync;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.Properties;

/**
 * The arguments that are answered without starting the application: {@code --help} (or
 * {@code -h}) and {@code --version}, which exit 0 and never run anything, and no
 * arguments at all, which prints the usage and exits 2.
 */
final class CommandLine {

	static final String USAGE = "java -jar registry-sync.jar --sync.inventory=FILE [--property=value ...]";

	private CommandLine() {
	}

	/**
	 * Answers {@code args} if they ask for help or the version, or are missing.
	 * @return the exit code, or empty when the application is to run
	 */
	static OptionalInt answer(String[] args, PrintStream out, PrintStream err) {
		List<String> arguments = Arrays.asList(args);
		if (arguments.contains("--help") || arguments.contains("-h")) {
			out.print(help());
			return OptionalInt.of(0);
		}
		if (arguments.contains("--version")) {
			out.println("registry-sync " + version());
			return OptionalInt.of(0);
		}
		if (arguments.isEmpty()) {
			err.println("registry-sync: usage: " + USAGE + " (--help lists the properties and exit codes)");
			return OptionalInt.of(2);
		}
		return OptionalInt.empty();
	}

	/**
	 * The version: the packaged jar's {@code Implementation-Version}, else the build's
	 * ({@code META-INF/build-info.properties}, on the class path when run from the
	 * build).
	 */
	static String version() {
		String version = RegistrySyncApplication.class.getPackage().getImplementationVersion();
		if (version != null) {
			return version;
		}
		try (InputStream in = RegistrySyncApplication.class.getResourceAsStream("/META-INF/build-info.properties")) {
			if (in != null) {
				Properties build = new Properties();
				build.load(in);
				return build.getProperty("build.version", "unknown");
			}
		}
		catch (IOException e) {
			// unknown, below
		}
		return "unknown";
	}

	static String help() {
		return """
				registry-sync %s: makes the registry connectors of a Palo Alto Networks Cortex tenant exactly as an
				inventory file (CSV, JSON or NDJSON) says. It validates every record, sends each changed connector
				(PUT /public_api/v1/cwp/registry_onboarding/instances/{id}) under a rate limit with retries, and
				records an outcome for every connector, with restart state, in a job repository.

				Usage: %s
				       java -jar registry-sync.jar --help | --version

				Main properties, with their defaults (each also as an environment variable, SYNC_DRY_RUN=true,
				in ./config/application.yml, or a mounted secret directory through spring.config.import=configtree:):
				  --sync.inventory=FILE        the inventory (.csv, .json, .ndjson, .jsonl); required
				  --sync.dry-run=true          validate and plan only, send nothing (false)
				  --sync.detailed-exit-code=true
				                               a dry run exits 4, not 0, when changes are pending (false)
				  --sync.compare=live          read each connector first (GET) and compare with its live
				                               definition, finding drift; ledger compares with what was last
				                               sent, without requests (ledger)
				  --sync.full=true             also send the connectors unchanged since their last update (false)
				  --sync.defaults=FILE         a JSON object of fields every record lacking them takes (none)
				  --sync.merge=true            records name only the fields to change, laid over each
				                               connector's live definition (GET); implies sync.compare=live (false)
				  --sync.export=FILE           instead of syncing, read each connector and write an inventory
				                               of their live definitions to FILE (.csv, .json, .ndjson)
				  --sync.export-ids=FILE       the ids to export, one a line (the ids of sync.inventory)
				  --sync.export-secret=REF     the reference written for each secret
				                               (${file:secrets/{connector_id}/{field}})
				  --sync.export-overwrite=true let an export replace a file already there (false)
				  --sync.only=ID,ID            touch only these connector ids (all)
				  --sync.report=FILE           write the JSON run report to FILE (none)
				  --sync.rate-limit=N          requests per second to Cortex, never exceeded (5)
				  --sync.max-concurrency=N     requests in flight at once (4)
				  --sync.max-attempts=N        attempts per connector, the first included (5)
				  --sync.chunk-size=N          records per committed chunk, the unit of restart (100)
				  --cortex.base-url=URL        https://api-{fqdn} of the tenant; required unless a dry run
				                               compares with the ledger
				  --cortex.api-key-id=ID       the API key's id; required as cortex.base-url
				  CORTEX_API_KEY=KEY           the API key (environment or mounted secret, never the command
				                               line); required as cortex.base-url
				  --cortex.auth-mode=MODE      standard or advanced (standard)
				  --sync.fleet=FILE            sync every tenant of a YAML fleet file instead (name, base-url,
				                               api-key-id, api-key as ${env:...} or ${file:...}, and optionally
				                               auth-mode, inventory, rate-limit, max-concurrency); the other
				                               properties apply to every tenant (none)
				  --sync.fleet-parallelism=N   tenants of the fleet synced at once by this process (8)
				  --sync.fleet-shard=I/N       sync only the tenants whose position in the fleet file modulo N
				                               is I, e.g. $(JOB_COMPLETION_INDEX)/3 (all)
				  --spring.datasource.url=URL  the job repository (an H2 file under ./data/);
				                               jdbc:postgresql://... in production
				Every property is listed with its default in config/application.yml and in the README. An unknown
				sync.* or cortex.* property stops the run before anything is sent.

				Exit codes:
				  0  every connector in sync (UPDATED, UNCHANGED, PLANNED or EXPORTED)
				  1  the run failed or was stopped (Cortex, key, job repository, signal, another run); the same
				     command resumes it
				  2  bad configuration or unreadable inventory; nothing was sent
				  3  the run completed, but some connectors are INVALID, NOT_FOUND or FAILED
				  4  with sync.detailed-exit-code=true only: the dry run completed, every record is valid and
				     found, and changes are pending (some PLANNED)
				A fleet exits with the worst of its tenants' codes: 2 over 1 over 3 over 4 over 0.

				More: README.md at the root of the registry-sync source repository (configuration, inventory
				format, outcomes, scheduling, job repository).
				""".formatted(version(), USAGE);
	}

}
