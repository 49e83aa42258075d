#!/usr/bin/env bash
# Runs the load driver against a local cluster of N silos over one Redis (./cluster.sh), its sends spread over every
# front door, then prints what the silos and Redis spent, and stops the cluster.
#   bench/run-cluster.sh N [driver arguments, as bench/run.sh takes them]
set -euo pipefail
cd "$(dirname "$0")/.."
silos=${1:?"usage: bench/run-cluster.sh SILOS [driver arguments]"}
shift
dotnet build bench/LoadDriver -c Release --nologo -v quiet
./cluster.sh stop >/dev/null 2>&1 || true
rm -rf cluster
./cluster.sh start "$silos"
trap './cluster.sh stop >/dev/null' EXIT
redis_cli() { redis-cli -p 6390 "$@"; }
redis_cli config resetstat >/dev/null
doors=$(for i in $(seq 1 "$silos"); do printf 'http://127.0.0.1:%d/,' $((5080 + i)); done)

status=0
dotnet bench/LoadDriver/bin/Release/net10.0/Notifications.LoadDriver.dll --silo http://127.0.0.1:5081/ --doors "$doors" "$@" || status=$?

hz=$(getconf CLK_TCK)
cpu() { awk -v hz="$hz" '{printf "%.1f", ($14 + $15) / hz}' "/proc/$1/stat"; }
total=0
for pidfile in cluster/silo*/silo.pid; do
  pid=$(cat "$pidfile")
  if ! kill -0 "$pid" 2>/dev/null; then echo "$(dirname "$pidfile") died during the run:"; tail -20 "$(dirname "$pidfile")/silo.log"; status=1; continue; fi
  echo "$(basename "$(dirname "$pidfile")"): CPU $(cpu "$pid") s, peak memory $(grep VmHWM "/proc/$pid/status" | awk '{print $2/1024 " MiB"}')"
  total=$(awk -v a="$total" -v b="$(cpu "$pid")" 'BEGIN {print a + b}')
done
echo "Silos' CPU time together (user + system, whole run): $total s"
echo "Redis CPU time (whole run): $(cpu "$(cat cluster/redis/redis.pid)") s"
echo "Redis commands during the run: $(redis_cli info stats | awk -F: '/^total_commands_processed/ {print $2}' | tr -d '\r')"
redis_cli info commandstats | tr -d '\r' | awk -F'[:=,]' '/^cmdstat_/ {sub("cmdstat_", "", $1); printf "  %s %s", $1, $3} END {print ""}'
exit $status
