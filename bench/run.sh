#!/usr/bin/env bash
# Runs the load driver against a freshly started silo (Release, durable SQLite), then stops the silo.
#   bench/run.sh [--count 100000] [--connections 64] [--users 1000] [--warmup 40000] [--batch 100]
#   bench/run.sh --scenario priority --count 200000 --batch 100 --connections 8 [--critical-per-second 50]
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build src/Silo -c Release --nologo -v quiet
dotnet build bench/LoadDriver -c Release --nologo -v quiet

data=$(mktemp -d)
port=5090
(cd "$data" && exec dotnet "$OLDPWD/src/Silo/bin/Release/net10.0/Notifications.Silo.dll" --urls "http://127.0.0.1:$port" \
  --Logging:LogLevel:Default=Warning) > "$data/silo.log" 2>&1 &
silo=$!
trap 'kill -9 $silo 2>/dev/null || true; cp "$data/silo.log" /tmp/last-silo.log 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 0.2; done

status=0
dotnet bench/LoadDriver/bin/Release/net10.0/Notifications.LoadDriver.dll --silo "http://127.0.0.1:$port/" "$@" || status=$?
if ! kill -0 $silo 2>/dev/null; then echo "The silo died during the run:"; tail -30 "$data/silo.log"; status=1; fi
echo "Silo peak memory (VmHWM): $(grep VmHWM /proc/$silo/status | awk '{print $2/1024 " MiB"}')"
echo "SQLite file after the run: $(du -h "$data/data/notifications.db" | cut -f1)"
exit $status
