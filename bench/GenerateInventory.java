import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a CSV inventory of N valid connectors for benchmarks, cycling through vendors, scanning modes and
 * initial scan modes; every 10th record carries a filter tree.
 * Usage: java bench/GenerateInventory.java N target.csv
 */
public class GenerateInventory {

	private static final String[] VENDORS = { "DOCKER", "JFROG", "SONATYPE", "DOCKER_HUB", "HARBOR",
			"GITLAB_CONTAINER_REGISTRY", "OPENSHIFT" };

	private static final String[] MODES = { "CLOUD", "OUTPOST", "BROKER", "NOT_APPLICABLE", "KAPI" };

	public static void main(String[] args) throws IOException {
		long count = Long.parseLong(args[0]);
		Path target = Path.of(args[1]);
		try (BufferedWriter out = Files.newBufferedWriter(target, StandardCharsets.UTF_8)) {
			out.write("connector_id,vendor,name,enabled,url,username,password,auth_token,scanning_mode,region,"
					+ "insecure_pull,initial_scan_configuration.mode,initial_scan_configuration.numDays,asset_scope_filters\n");
			for (long i = 1; i <= count; i++) {
				String scan = switch ((int) (i % 3)) {
					case 0 -> "ALL,";
					case 1 -> "LATEST_TAG,";
					default -> "TAGS_MODIFIED_DAYS," + (1 + i % 90);
				};
				String filter = (i % 10 == 0)
						? "\"{\"\"AND\"\": [{\"\"SEARCH_FIELD\"\": \"\"Repository\"\", \"\"SEARCH_TYPE\"\": \"\"EQ\"\", \"\"SEARCH_VALUE\"\": \"\"team-" + i + "\"\"}]}\""
						: "";
				out.write("rc-" + i + "," + VENDORS[(int) (i % VENDORS.length)] + ",Registry " + i + ",true,https://registry-"
						+ i + ".example.com,scanner,${env:REGISTRY_SYNC_BENCH_SECRET},${env:REGISTRY_SYNC_BENCH_SECRET},"
						+ MODES[(int) (i % MODES.length)] + ",us-east-1,false," + scan + "," + filter + "\n");
			}
		}
	}

}
