#!/usr/bin/env bash
# Imports generated users into a freshly started silo (Release, durable SQLite) as one NDJSON stream, then prints
# the time, the answer and the silo's peak memory.
#   bench/import.sh [--count 1000000]
set -euo pipefail
cd "$(dirname "$0")/.."
count=1000000
if [ "${1:-}" = "--count" ]; then count=$2; fi
source bench/silo.sh
port=5091
start_silo $port

start=$(date +%s.%N)
python3 -c "
import sys
w = sys.stdout.write
for i in range($count):
    w('{\"user_id\":\"user-%d\",\"email\":\"user-%d@example.org\",\"language\":\"%s\",\"attributes\":{\"country\":\"%s\",\"plan\":\"%s\"}}\n' % (i, i, ('de','en','fr')[i % 3], ('DE','AT','US','FR')[i % 4], ('free','pro','team')[i % 3]))
" | curl -sS -X POST "http://127.0.0.1:$port/v1/users/import" -H 'content-type: application/x-ndjson' --data-binary @- -o "$data/answer.json"
end=$(date +%s.%N)
echo "answer: $(head -c 300 "$data/answer.json")"
python3 -c "print(f'$count users in {$end - $start:.1f} s: {$count / ($end - $start):,.0f} users/s')"
echo "Silo peak memory (VmHWM): $(grep VmHWM /proc/$silo/status | awk '{print $2/1024 " MiB"}')"
echo "SQLite file: $(du -h "$data/data/notifications.db" | cut -f1)"
