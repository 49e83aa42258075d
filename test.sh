#!/usr/bin/env bash
# Builds everything and runs every test. It installs what the tests need that a fresh machine lacks: Node.js,
# Prometheus, Redis and Chromium (from Debian's packages, as root) and the servers in tools/package.json (maildev, a real SMTP
# server; azurite, the Azure Storage emulator);
# the .NET SDK it checks for.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v dotnet >/dev/null 2>&1; then
  echo "test.sh: the .NET 10 SDK is required (https://dot.net); it is not on PATH." >&2
  exit 1
fi

missing=()
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: installing ${missing[*]} for the tests" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if [ ! -x tools/node_modules/.bin/maildev ] || [ ! -x tools/node_modules/.bin/azurite ] || [ tools/package-lock.json -nt tools/node_modules/.package-lock.json ]; then
  (cd tools && npm ci --no-audit --no-fund --loglevel=error)
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

dotnet build Notifications.Orleans.sln -c Release -warnaserror --nologo -v quiet
log=$(mktemp)
reports=$(mktemp -d)
export NOTIFICATIONS_TEST_REPORTS="$reports"
status=0
dotnet test Notifications.Orleans.sln -c Release --no-build --nologo 2>&1 | tee "$log" || status=$?

# One closing line over all test assemblies.
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -oE 'Skipped: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
rm -f "$log"
# Figures that tests report even when they pass, such as the crash test's counts.
for report in "$reports"/*.txt; do
  [ -e "$report" ] && cat "$report"
done
rm -rf "$reports"
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
