#!/usr/bin/env bash
# Runs the load driver against a freshly started silo (Release, durable SQLite), then stops the silo.
#   bench/run.sh [--count 100000] [--connections 64] [--users 1000] [--warmup 40000] [--batch 100]
#   bench/run.sh --scenario priority --count 200000 --batch 100 --connections 8 [--critical-per-second 50] [--submit-window 60]
#   bench/run.sh --scenario topic --count 1000000 --connections 4 --timeout 900
#   bench/run.sh --scenario tenants --count 20000 --connections 8 --critical-per-second 50
#   bench/run.sh --scenario audience --count 1000000 --connections 4 --timeout 900
#   bench/run.sh --scenario events --count 20000 --batch 1 --connections 32 --warmup 2000
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build bench/LoadDriver -c Release --nologo -v quiet
source bench/silo.sh
port=5090
# The two tenants of the tenants scenario, with the keys the driver uses.
if [[ " $* " == *" tenants "* ]]; then
  SILO_ARGS="--Notifications:ApiKeys:0:Tenant=flood --Notifications:ApiKeys:0:Key=bench-flood-key-0123456789 --Notifications:ApiKeys:1:Tenant=bank --Notifications:ApiKeys:1:Key=bench-bank-key-0123456789"
fi
start_silo $port

status=0
dotnet bench/LoadDriver/bin/Release/net10.0/Notifications.LoadDriver.dll --silo "http://127.0.0.1:$port/" --silo-pid $silo "$@" || status=$?
if ! kill -0 $silo 2>/dev/null; then echo "The silo died during the run:"; tail -30 "$data/silo.log"; status=1; fi
echo "Silo peak memory (VmHWM, counting the SQLite file's memory-mapped pages): $(grep VmHWM /proc/$silo/status | awk '{print $2/1024 " MiB"}')"
echo "Silo memory of its own at the end (RssAnon): $(grep RssAnon /proc/$silo/status | awk '{print $2/1024 " MiB"}')"
echo "Silo CPU time (user + system, whole run): $(awk -v hz=$(getconf CLK_TCK) '{printf "%.1f s", ($14 + $15) / hz}' /proc/$silo/stat)"
echo "SQLite file after the run: $(du -h "$data/data/notifications.db" | cut -f1)"
exit $status
