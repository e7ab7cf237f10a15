# registry-sync as a container: built with the Maven wrapper, run on a JRE as a non-root user.
# Build: docker build -t registry-sync .
# Run:   docker run --rm -v "$PWD/inventory:/inventory:ro" -v registry-sync-work:/work \
#          -e CORTEX_API_KEY -e SPRING_DATASOURCE_URL=jdbc:postgresql://db/registry_sync ... \
#          registry-sync --sync.inventory=/inventory/connectors.csv --cortex.base-url=https://api-… --cortex.api-key-id=42
# No secret and no inventory is baked into the image.

FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY src/ src/
RUN ./mvnw -B -q package -DskipTests -Dspring-javaformat.skip=true \
    && java -Djarmode=tools -jar target/registry-sync.jar extract --layers --launcher --destination target/extracted

FROM eclipse-temurin:25-jre
RUN groupadd --system --gid 10001 registry-sync \
    && useradd --system --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin registry-sync \
    && mkdir /work && chown 10001:10001 /work
# Spring Boot's layers, the least changing first, so that a rebuild reuses the dependency layers.
COPY --from=build /src/target/extracted/dependencies/ /app/
COPY --from=build /src/target/extracted/spring-boot-loader/ /app/
COPY --from=build /src/target/extracted/snapshot-dependencies/ /app/
COPY --from=build /src/target/extracted/application/ /app/
USER 10001:10001
# The working directory holds ./data/ (the default H2 repository) and reports: mount a volume here.
WORKDIR /work
VOLUME ["/work"]
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-cp", "/app", "org.springframework.boot.loader.launch.JarLauncher"]
