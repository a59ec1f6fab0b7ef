#!/bin/sh
# Builds the example with the library modules it needs, then starts it on http://127.0.0.1:8080.
# Try:  curl 'http://127.0.0.1:8080/ask?q=Once+upon+a+time'
#       curl http://127.0.0.1:8080/actuator/health
#       curl http://127.0.0.1:8080/actuator/metrics/gen_ai.client.operation.duration
set -e
cd "$(dirname "$0")/../.."
mvn -B -q -ntp -pl examples/spring-boot-assistant -am -DskipTests package
exec java -jar examples/spring-boot-assistant/target/spring-boot-assistant.jar "$@"
