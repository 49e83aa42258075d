#!/usr/bin/env bash
# A local cluster in one command: Redis and three silos on this machine, one Orleans cluster, each silo with its HTTP
# front door on its own port (5081, 5082, 5083), their logs and state under ./cluster/.
#   ./cluster.sh start    builds the silo, starts Redis (appendfsync always) and the three silos, waits until ready
#   ./cluster.sh stop     stops the silos and Redis
#   ./cluster.sh status   what answers
set -euo pipefail
cd "$(dirname "$0")"
root=$PWD/cluster
redis_port=6390
ports=(5081 5082 5083)

start() {
  command -v redis-server >/dev/null 2>&1 || { echo "cluster.sh: redis-server is needed (apt-get install redis-server)." >&2; exit 1; }
  mkdir -p "$root/redis"
  [ -f "$root/storage.key.b64" ] || head -c 32 /dev/urandom | base64 > "$root/storage.key.b64"
  chmod 600 "$root/storage.key.b64"
  dotnet build Silo -c Release --nologo -v quiet >/dev/null
  redis-server --port $redis_port --bind 127.0.0.1 --dir "$root/redis" --appendonly yes --appendfsync always --save "" \
    --daemonize yes --pidfile "$root/redis/redis.pid" --logfile "$root/redis/redis.log"
  for i in 0 1 2; do
    local dir="$root/silo$((i + 1))"
    mkdir -p "$dir"
    (cd "$dir" && Notifications__Storage__EncryptionKey=$(cat "$root/storage.key.b64") exec dotnet "$OLDPWD/Silo/bin/Release/net10.0/Notifications.Silo.dll" \
      --urls "http://127.0.0.1:${ports[$i]}" \
      --Notifications:Storage:Provider=redis --Notifications:Storage:Redis:ConnectionString=127.0.0.1:$redis_port \
      --Notifications:Orleans:SiloPort=$((11121 + i)) --Notifications:Orleans:GatewayPort=$((30021 + i))) > "$dir/silo.log" 2>&1 &
    echo $! > "$dir/silo.pid"
  done
  for port in "${ports[@]}"; do
    for _ in $(seq 1 150); do curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 0.2; done
  done
  status
}

stop() {
  local pids=()
  for i in 1 2 3; do
    local pidfile="$root/silo$i/silo.pid"
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
  for port in "${ports[@]}"; do
    if curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null; then echo "silo http://127.0.0.1:$port/ ready"; else echo "silo http://127.0.0.1:$port/ not answering"; fi
  done
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: ./cluster.sh start|stop|status" >&2; exit 2 ;;
esac
