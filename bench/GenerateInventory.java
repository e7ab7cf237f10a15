import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a CSV inventory of N valid connectors for benchmarks, cycling through vendors, scanning modes and
 * initial scan modes; every 10th record carries a filter tree. Secrets are {@code ${env:REGISTRY_SYNC_BENCH_SECRET}}
 * references.
 *
 * <p>With a third argument it also writes the same connectors as a script would send them, one line each:
 * the connector id, a tab, and the JSON request body with the secret written into it. The sequential loops
 * the harness compares against read that file.
 *
 * <p>Usage: {@code java bench/GenerateInventory.java N target.csv [bodies.tsv SECRET]}
 */
public class GenerateInventory {

	private static final String[] VENDORS = { "DOCKER", "JFROG", "SONATYPE", "DOCKER_HUB", "HARBOR",
			"GITLAB_CONTAINER_REGISTRY", "OPENSHIFT" };

	private static final String[] MODES = { "CLOUD", "OUTPOST", "BROKER", "NOT_APPLICABLE", "KAPI" };

	private static final String[] SCANS = { "ALL", "LATEST_TAG", "TAGS_MODIFIED_DAYS" };

	public static void main(String[] args) throws IOException {
		write(Long.parseLong(args[0]), Path.of(args[1]), args.length > 3 ? Path.of(args[2]) : null,
				args.length > 3 ? args[3] : null);
	}

	/** Writes the inventory, and the request bodies when {@code bodies} is not null. */
	public static void write(long count, Path csv, Path bodies, String secret) throws IOException {
		write(count, csv, bodies, secret, 0);
	}

	/**
	 * Writes the inventory with every {@code changeEvery}-th connector moved to region eu-west-1 (none when 0), and
	 * the request bodies when {@code bodies} is not null.
	 */
	public static void write(long count, Path csv, Path bodies, String secret, int changeEvery) throws IOException {
		try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8);
				BufferedWriter requests = (bodies != null) ? Files.newBufferedWriter(bodies, StandardCharsets.UTF_8)
						: null) {
			out.write("connector_id,vendor,name,enabled,url,username,password,auth_token,scanning_mode,region,"
					+ "insecure_pull,initial_scan_configuration.mode,initial_scan_configuration.numDays,asset_scope_filters\n");
			for (long i = 1; i <= count; i++) {
				String vendor = VENDORS[(int) (i % VENDORS.length)];
				String mode = MODES[(int) (i % MODES.length)];
				String scan = SCANS[(int) (i % 3)];
				String days = scan.equals("TAGS_MODIFIED_DAYS") ? String.valueOf(1 + i % 90) : "";
				String region = (changeEvery > 0 && i % changeEvery == 0) ? "eu-west-1" : "us-east-1";
				String filter = (i % 10 == 0)
						? "{\"AND\": [{\"SEARCH_FIELD\": \"Repository\", \"SEARCH_TYPE\": \"EQ\", \"SEARCH_VALUE\": \"team-"
								+ i + "\"}]}"
						: "";
				out.write("rc-" + i + "," + vendor + ",Registry " + i + ",true,https://registry-" + i
						+ ".example.com,scanner,${env:REGISTRY_SYNC_BENCH_SECRET},${env:REGISTRY_SYNC_BENCH_SECRET},"
						+ mode + "," + region + ",false," + scan + "," + days + ","
						+ (filter.isEmpty() ? "" : "\"" + filter.replace("\"", "\"\"") + "\"") + "\n");
				if (requests != null) {
					requests.write("rc-" + i + "\t{\"connector_id\": \"rc-" + i + "\", \"vendor\": \"" + vendor
							+ "\", \"name\": \"Registry " + i + "\", \"enabled\": true, \"url\": \"https://registry-" + i
							+ ".example.com\", \"username\": \"scanner\", \"password\": \"" + secret
							+ "\", \"auth_token\": \"" + secret + "\", \"scanning_mode\": \"" + mode
							+ "\", \"region\": \"" + region + "\", \"insecure_pull\": false, "
							+ "\"initial_scan_configuration\": {\"mode\": \"" + scan + "\""
							+ (days.isEmpty() ? "" : ", \"numDays\": " + days) + "}"
							+ (filter.isEmpty() ? "" : ", \"asset_scope_filters\": " + filter) + "}\n");
				}
			}
		}
	}

}
