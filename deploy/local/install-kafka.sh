#!/usr/bin/env bash
# Fetches Apache Kafka's jars from Maven Central once into the cache folder (KRaft broker on Java 17).
set -euo pipefail
KAFKA_VERSION="${KAFKA_VERSION:-4.3.1}"
LOG4J_VERSION="${LOG4J_VERSION:-2.25.3}"
CACHE="${PENSION_CACHE_DIR:-$HOME/.cache/pension-platform}"
home="$CACHE/kafka-$KAFKA_VERSION"
# The marker holds the recipe, so a cache built by an older recipe is rebuilt rather than trusted.
recipe="kafka_2.13-$KAFKA_VERSION log4j-slf4j-impl-$LOG4J_VERSION"
if [ "$(cat "$home/.complete" 2>/dev/null)" = "$recipe" ]; then
  echo "$home"
  exit 0
fi
command -v java >/dev/null || { echo "install-kafka: java (17+) is not on PATH" >&2; exit 1; }
command -v mvn >/dev/null || { echo "install-kafka: mvn is not on PATH" >&2; exit 1; }
echo "install-kafka: fetching Kafka $KAFKA_VERSION jars into $home (once)" >&2
rm -rf "$home.tmp" && mkdir -p "$home.tmp"
# Kafka 4's POM leaves out the SLF4J binding; without log4j's binding the broker logs nothing. Kafka is
# built against SLF4J 1.7 (its POM pins slf4j-api 1.7.36), so the binding must be log4j-slf4j-impl:
# log4j-slf4j2-impl is only seen by SLF4J 2 and leaves 1.7 on its no-operation logger.
cat >"$home.tmp/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.pension</groupId>
  <artifactId>kafka-runtime</artifactId>
  <version>1</version>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>$KAFKA_VERSION</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-slf4j-impl</artifactId><version>$LOG4J_VERSION</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-core</artifactId><version>$LOG4J_VERSION</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-api</artifactId><version>$LOG4J_VERSION</version></dependency>
  </dependencies>
</project>
POM
# Maven 3.8 prints colour resets even in batch mode; they are stripped so that logs stay plain text.
(cd "$home.tmp" && mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
  -DincludeScope=runtime -DoutputDirectory=lib 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >&2)
if java -cp "$home.tmp/lib/*" kafka.tools.StorageTool random-uuid 2>&1 >/dev/null | grep -q 'NOP'; then
  echo "install-kafka: SLF4J found no logging binding in $home.tmp/lib" >&2
  exit 1
fi
echo "$recipe" >"$home.tmp/.complete"
rm -rf "$home" && mv "$home.tmp" "$home"
echo "$home"
