package org.registrysync.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * TLS trust: the system's trust store, plus the CAs of a PEM file when one is configured.
 */
final class TrustStores {

	private TrustStores() {
	}

	/**
	 * An SSL context trusting the system's CAs and those in {@code pem}.
	 * @throws IllegalArgumentException naming the file when it holds no readable
	 * certificate
	 */
	static SSLContext withExtraCertificates(Path pem) {
		try {
			X509TrustManager system = trustManager(null);
			KeyStore extra = KeyStore.getInstance(KeyStore.getDefaultType());
			extra.load(null, null);
			Collection<? extends Certificate> certificates;
			try (InputStream in = Files.newInputStream(pem)) {
				certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
			}
			if (certificates.isEmpty()) {
				throw new IllegalArgumentException("cortex.ca-certificate " + pem + " holds no PEM certificate");
			}
			int i = 0;
			for (Certificate certificate : certificates) {
				extra.setCertificateEntry("extra-" + i++, certificate);
			}
			X509TrustManager custom = trustManager(extra);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, new TrustManager[] { new EitherTrustManager(List.of(system, custom)) }, null);
			return context;
		}
		catch (IOException e) {
			throw new IllegalArgumentException("cortex.ca-certificate " + pem + " cannot be read: " + e.getMessage(),
					e);
		}
		catch (CertificateException e) {
			throw new IllegalArgumentException("cortex.ca-certificate " + pem + " is not a PEM certificate file", e);
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException("cannot set up TLS trust", e);
		}
	}

	private static X509TrustManager trustManager(KeyStore store) throws GeneralSecurityException {
		TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		factory.init(store);
		return Arrays.stream(factory.getTrustManagers())
			.filter(X509TrustManager.class::isInstance)
			.map(X509TrustManager.class::cast)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("no X509 trust manager"));
	}

	/** Trusts a server that any of its trust managers trusts. */
	private record EitherTrustManager(List<X509TrustManager> managers) implements X509TrustManager {

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
			throw new CertificateException("client certificates are not checked here");
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
			CertificateException last = null;
			for (X509TrustManager manager : managers) {
				try {
					manager.checkServerTrusted(chain, authType);
					return;
				}
				catch (CertificateException e) {
					last = e;
				}
			}
			throw (last != null) ? last : new CertificateException("no trust manager");
		}

		@Override
		public X509Certificate[] getAcceptedIssuers() {
			List<X509Certificate> issuers = new ArrayList<>();
			managers.forEach(manager -> issuers.addAll(Arrays.asList(manager.getAcceptedIssuers())));
			return issuers.toArray(X509Certificate[]::new);
		}

	}

}
