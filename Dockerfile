# One image per service: docker build --build-arg MODULE=api-ingress .
# Build the jars first: mvn -B -ntp -DskipTests package
FROM eclipse-temurin:17-jre
ARG MODULE
WORKDIR /app
COPY ${MODULE}/target/${MODULE}-*-exec.jar /app/service.jar
# The image store's mount point, owned by the service's user: a new named volume takes this owner.
RUN mkdir -p /var/lib/genpipe/images && chown 10001 /var/lib/genpipe/images
USER 10001
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/service.jar"]
