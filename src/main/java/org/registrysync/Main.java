package org.registrysync;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The packaged jar's start class: it tells in one line which Java registry-sync needs
 * when it runs on an older one, then hands over to {@code RegistrySyncApplication}.
 * <p>
 * It is compiled for Java 17, the oldest Java that Spring Boot's {@code JarLauncher} runs
 * on, and names the application only by reflection, so that it loads where the
 * application's classes (Java 21) cannot. On a Java older than 17 the launcher itself
 * fails before this class is reached.
 */
public final class Main {

	/** The Java release the application is compiled for. */
	static final int REQUIRED = 21;

	private Main() {
	}

	public static void main(String[] args) throws Throwable {
		int feature = Runtime.version().feature();
		if (feature < REQUIRED) {
			System.err.println("registry-sync: needs Java " + REQUIRED + " or newer, but runs on Java "
					+ System.getProperty("java.version") + " (" + System.getProperty("java.home")
					+ "); set JAVA_HOME or PATH to a JDK or JRE " + REQUIRED + "+");
			System.exit(2);
		}
		MethodHandle main = MethodHandles.publicLookup()
			.findStatic(Class.forName("org.registrysync.RegistrySyncApplication"), "main",
					MethodType.methodType(void.class, String[].class));
		main.invokeExact(args);
	}

}
