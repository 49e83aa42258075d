#!/usr/bin/env bash
# The silo beside the Novu-shaped peer in ../shared/peer (Node front door -> BullMQ on Redis -> worker -> webhook),
# in one sitting, under the same wrk load (2 threads, 64 connections, the original API's send for users u0..u999)
# and the same Node sink (distinct webhook-ids): first the peer (its own run.sh), then the silo (Release, durable
# SQLite), its users' webhooks pointed at the sink, after a warm-up run of the same load for its JIT.
#   bench/peer.sh [DURATION_SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
peer=$(cd "${PEER_DIR:-../shared/peer}" && pwd)
duration=${1:-15}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

bash "$peer/run.sh" "$duration"

source bench/silo.sh
port=5090
start_silo $port
node "$peer/sink.mjs" 6102 > /dev/null 2>&1 &
sink=$!
trap 'kill -9 $silo $sink 2>/dev/null || true; cp "$data/silo.log" /tmp/last-silo.log 2>/dev/null; rm -rf "$data"' EXIT
seq 0 999 | xargs -P 16 -I{} curl -fs -o /dev/null -X PUT "http://127.0.0.1:$port/v1/users/u{}" \
  -H 'Content-Type: application/json' -d '{"webhook":{"url":"http://127.0.0.1:6102/hook","secret":"whsec_cGVlci1jb21wYXJpc29uLXNlY3JldC0wMTIzNDU2Nzg5"}}'

delivered() { curl -s http://127.0.0.1:6102/count | python3 -c 'import sys,json;print(json.load(sys.stdin)["distinct"])'; }
settle() {
  local previous=-1 count
  while :; do count=$(delivered); [ "$count" = "$previous" ] && break; previous=$count; settled_at=$(date +%s.%N); sleep 1; done
}

wrk -t2 -c64 -d10s -s "$peer/send.lua" "http://127.0.0.1:$port" > /dev/null
settle
before=$(delivered)
started=$(date +%s.%N)
accepted=$(wrk -t2 -c64 -d"${duration}s" -s "$peer/send.lua" "http://127.0.0.1:$port" | awk '/requests in/{print $1}')
settle
after=$(delivered)
echo "silo: accepted $accepted in ${duration}s = $(echo "$accepted / $duration" | bc)/s; delivered $((after - before)), end-to-end $(echo "($after - $before) / ($settled_at - $started)" | bc)/s"
echo "Silo CPU time (user + system, whole run with warm-up): $(awk -v hz=$(getconf CLK_TCK) '{printf "%.1f s", ($14 + $15) / hz}' /proc/$silo/stat)"
