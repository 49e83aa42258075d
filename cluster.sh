#!/usr/bin/env bash
# A local cluster in one command: Redis and three silos on this machine, one Orleans cluster, each silo with its HTTP
# front door on its own port (5081, 5082, 5083), their logs and state under ./cluster/.
#   ./cluster.sh start [N]  builds the silo, starts Redis (appendfsync always) and N silos (3), waits until ready
#   ./cluster.sh stop       stops the silos and Redis
#   ./cluster.sh status     what answers
# Where it keeps its files and which ports it takes, when the defaults do not suit (silo i takes each base port + i - 1):
#   CLUSTER_DIR (./cluster), CLUSTER_REDIS_PORT (6390), CLUSTER_HTTP_PORT (5081), CLUSTER_SILO_PORT (11121),
#   CLUSTER_GATEWAY_PORT (30021)
set -euo pipefail
cd "$(dirname "$0")"
root=${CLUSTER_DIR:-$PWD/cluster}
redis_port=${CLUSTER_REDIS_PORT:-6390}
http_port=${CLUSTER_HTTP_PORT:-5081}
silo_port=${CLUSTER_SILO_PORT:-11121}
gateway_port=${CLUSTER_GATEWAY_PORT:-30021}

start() {
  local silos=${1:-3}
  ports=()
  for i in $(seq 0 $((silos - 1))); do ports+=($((http_port + i))); done
  command -v redis-server >/dev/null 2>&1 || { echo "cluster.sh: redis-server is needed (apt-get install redis-server)." >&2; exit 1; }
  mkdir -p "$root/redis"
  [ -f "$root/storage.key.b64" ] || head -c 32 /dev/urandom | base64 > "$root/storage.key.b64"
  chmod 600 "$root/storage.key.b64"
  dotnet build Silo -c Release --nologo -v quiet >/dev/null
  redis-server --port $redis_port --bind 127.0.0.1 --dir "$root/redis" --appendonly yes --appendfsync always --save "" \
    --daemonize yes --pidfile "$root/redis/redis.pid" --logfile "$root/redis/redis.log"
  for i in $(seq 0 $((silos - 1))); do
    local dir="$root/silo$((i + 1))"
    mkdir -p "$dir"
    (cd "$dir" && Notifications__Storage__EncryptionKey=$(cat "$root/storage.key.b64") exec dotnet "$OLDPWD/Silo/bin/Release/net10.0/Notifications.Silo.dll" \
      --urls "http://127.0.0.1:${ports[$i]}" \
      --Notifications:Storage:Provider=redis --Notifications:Storage:Redis:ConnectionString=127.0.0.1:$redis_port \
      --Notifications:Outbound:AllowLoopback=true --Notifications:Outbound:AllowHttp=true \
      --Notifications:Orleans:SiloPort=$((silo_port + i)) --Notifications:Orleans:GatewayPort=$((gateway_port + i))) > "$dir/silo.log" 2>&1 &
    echo $! > "$dir/silo.pid"
  done
  for port in "${ports[@]}"; do
    for _ in $(seq 1 150); do curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 0.2; done
  done
  status
}

stop() {
  local pids=()
  for pidfile in "$root"/silo*/silo.pid; do
    [ -f "$pidfile" ] && pids+=("$(cat "$pidfile")") && rm -f "$pidfile"
  done
  # The silos leave the cluster first (they tell Redis), then Redis goes: a silo whose Redis is gone cannot leave.
  [ ${#pids[@]} -gt 0 ] && kill "${pids[@]}" 2>/dev/null || true
  for _ in $(seq 1 150); do
    kill -0 "${pids[@]}" 2>/dev/null || break
    sleep 0.2
  done
  kill -9 "${pids[@]}" 2>/dev/null || true
  [ -f "$root/redis/redis.pid" ] && redis-cli -p $redis_port shutdown >/dev/null 2>&1 || true
  echo "stopped"
}

status() {
  if [ ${#ports[@]} -eq 0 ]; then
    # The silos started last: those with a pid file.
    for pidfile in "$root"/silo*/silo.pid; do
      [ -f "$pidfile" ] || continue
      local name; name=$(basename "$(dirname "$pidfile")")
      ports+=($((http_port + ${name#silo} - 1)))
    done
  fi
  for port in "${ports[@]}"; do
    if curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null; then echo "silo http://127.0.0.1:$port/ ready"; else echo "silo http://127.0.0.1:$port/ not answering"; fi
  done
}

ports=()
case "${1:-}" in
  start) start "${2:-3}" ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: ./cluster.sh start [silos]|stop|status" >&2; exit 2 ;;
esac
