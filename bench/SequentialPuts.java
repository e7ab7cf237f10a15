import java.io.BufferedReader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The floor of one connection: the JDK's HttpClient sending the prepared request bodies (GenerateInventory's
 * bodies file) one after the other over one kept-alive connection, with the vendor example's headers. No
 * validation, no retries, no records: nothing but the requests. Prints each answer's status, one a line
 * (000: no answer).
 *
 * <p>Usage: {@code java bench/SequentialPuts.java BODIES_TSV BASE_URL API_KEY_ID API_KEY}
 */
public class SequentialPuts {

	public static void main(String[] args) throws IOException, InterruptedException {
		Path bodies = Path.of(args[0]);
		String base = args[1];
		StringBuilder statuses = new StringBuilder();
		try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
				BufferedReader lines = Files.newBufferedReader(bodies, StandardCharsets.UTF_8)) {
			for (String line = lines.readLine(); line != null; line = lines.readLine()) {
				int tab = line.indexOf('\t');
				HttpRequest request = HttpRequest
					.newBuilder(URI.create(base + "/public_api/v1/cwp/registry_onboarding/instances/" + line.substring(0, tab)))
					.timeout(Duration.ofSeconds(30))
					.header("Accept", "application/json,application/json; charset=UTF-8")
					.header("Content-Type", "application/json")
					.header("Authentication", args[3])
					.header("x-xdr-auth-id", args[2])
					.PUT(HttpRequest.BodyPublishers.ofString(line.substring(tab + 1)))
					.build();
				int status;
				try {
					status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
				}
				catch (IOException e) {
					status = 0;
				}
				statuses.append(String.format("%03d%n", status));
			}
		}
		System.out.print(statuses);
	}

}
