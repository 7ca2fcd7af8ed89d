# Signet appliance image: a JRE and the application jar, nothing else; runs as an unprivileged user
# with a read-only root filesystem (Kubernetes mounts /tmp). Build the jar first:
#   mvn -B -DskipTests package && docker build -t signet:0.1.0 .
# The HSM's PKCS#11 client library is not in this image: it is mounted at /opt/pkcs11 (see k8s/).
FROM eclipse-temurin:17-jre-jammy
RUN groupadd --system --gid 10001 signet \
 && useradd --system --uid 10001 --gid signet --home-dir /app --shell /usr/sbin/nologin signet \
 && mkdir -p /app /var/lib/signet /opt/pkcs11 \
 && chown signet:signet /var/lib/signet
COPY appliance/target/signet.jar /app/signet.jar
# JVM options: appliance/jvm.options is the one place (also ./signet run). The jar is extracted
# (class loading from nested jars costs a third of the start-up CPU; docs/benchmarks.md).
COPY appliance/jvm.options /app/jvm.options
# Bouncy Castle's jars lose their signature files: a signed jar is hashed as it is read and kept out of
# the CDS archive: ~7 % of the start-up CPU (JarSignatureStripper, docs/benchmarks.md round 7).
RUN java -Djarmode=tools -jar /app/signet.jar extract --destination /app/extracted && rm /app/signet.jar \
 && java -cp /app/extracted/signet.jar org.signet.appliance.launch.JarSignatureStripper /app/extracted/lib
# Two glibc malloc arenas instead of 8 per core, as ./signet run starts the JVM (see signet, issue 10).
ENV MALLOC_ARENA_MAX=2
USER 10001:10001
WORKDIR /app
EXPOSE 8080
ENTRYPOINT ["java", "@/app/jvm.options", "-jar", "/app/extracted/signet.jar"]
