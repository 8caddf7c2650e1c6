#!/usr/bin/env bash
# A real Apache Kafka broker without Docker: jars from Maven Central (tools/kafka/pom.xml), one
# combined broker+controller in KRaft mode on 127.0.0.1.
#   scripts/kafka.sh fetch | start | stop | status | version
# Environment: KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (KAFKA_PORT+1), KAFKA_HOME (.kafka: data,
#              pid, log), KAFKA_LIBS (.kafka/libs: the jars), KAFKA_FRESH=1 to start on empty storage,
#              KAFKA_HEAP (768m).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
home=${KAFKA_HOME:-$root/.kafka}
port=${KAFKA_PORT:-9092}
cport=${KAFKA_CONTROLLER_PORT:-$((port + 1))}
data=$home/data-$port
pidfile=$home/broker-$port.pid
logfile=$home/broker-$port.log
libs=${KAFKA_LIBS:-$root/.kafka/libs}
java_opts=(-Xms128m "-Xmx${KAFKA_HEAP:-768m}" -XX:+UseG1GC -Djava.awt.headless=true
  "-Dlog4j.configuration=file:$root/tools/kafka/log4j.properties")

log() { echo "[kafka] $*" >&2; }

fetch() {
  if [ -f "$libs/.complete" ] && [ "$libs/.complete" -nt "$root/tools/kafka/pom.xml" ]; then return 0; fi
  command -v mvn >/dev/null || { log "Maven (mvn) is needed to fetch Kafka from Maven Central"; exit 1; }
  local started=$SECONDS
  log "fetching Apache Kafka jars from Maven Central into $libs"
  rm -rf "$libs"
  mvn -q -B -f "$root/tools/kafka/pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$libs" -DincludeScope=runtime >&2
  touch "$libs/.complete"
  log "fetched $(ls "$libs" | grep -c '\.jar$') jars in $((SECONDS - started)) s"
}

running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start() {
  fetch
  if running; then log "already running (pid $(cat "$pidfile")) on 127.0.0.1:$port"; return 0; fi
  if listening "$port"; then log "port $port is taken by another process"; exit 1; fi
  mkdir -p "$home"
  [ "${KAFKA_FRESH:-0}" = 1 ] && rm -rf "$data"
  local props=$home/server-$port.properties
  sed -e "s#@PORT@#$port#g" -e "s#@CONTROLLER_PORT@#$cport#g" -e "s#@DATA_DIR@#$data#g" \
    "$root/tools/kafka/server.properties.template" >"$props"
  local started=$SECONDS
  if [ ! -f "$data/meta.properties" ]; then
    local cluster_id
    cluster_id=$(java -cp "$libs/*" "${java_opts[@]}" kafka.tools.StorageTool random-uuid | tail -n 1)
    java -cp "$libs/*" "${java_opts[@]}" kafka.tools.StorageTool format -t "$cluster_id" -c "$props" >/dev/null
    log "formatted KRaft storage $data (cluster id $cluster_id)"
  fi
  : >"$logfile"
  nohup java -cp "$libs/*" "${java_opts[@]}" kafka.Kafka "$props" >>"$logfile" 2>&1 &
  echo $! >"$pidfile"
  for _ in $(seq 1 240); do
    if grep -q "Kafka Server started" "$logfile" && listening "$port"; then
      log "started $(version) on 127.0.0.1:$port, cluster id $(cluster_id) in $((SECONDS - started)) s (pid $(cat "$pidfile"), log $logfile)"
      return 0
    fi
    if ! running; then log "broker exited during start:"; tail -n 40 "$logfile" >&2; exit 1; fi
    sleep 0.5
  done
  log "broker did not start within 120 s"; tail -n 40 "$logfile" >&2; exit 1
}

stop() {
  if ! running; then rm -f "$pidfile"; log "not running"; return 0; fi
  local pid; pid=$(cat "$pidfile")
  kill -TERM "$pid"
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || { rm -f "$pidfile"; log "stopped"; return 0; }; sleep 0.5; done
  log "broker did not stop within 30 s; killing"; kill -KILL "$pid" 2>/dev/null || true; rm -f "$pidfile"
}

version() { ls "$libs" | sed -n 's/^kafka_2\.13-\(.*\)\.jar$/Apache Kafka \1/p'; }
cluster_id() { sed -n 's/^cluster.id=//p' "$data/meta.properties" 2>/dev/null; }

case "${1:-}" in
  fetch) fetch ;;
  start) start ;;
  stop) stop ;;
  status) if running; then echo "running pid $(cat "$pidfile") port $port $(version) cluster $(cluster_id)"; else echo "stopped"; exit 3; fi ;;
  version) version ;;
  *) echo "usage: $0 fetch|start|stop|status|version" >&2; exit 2 ;;
esac
