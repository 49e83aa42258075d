# Sourced by the benchmark scripts: builds and starts a silo (Release, durable SQLite) in a fresh data folder, waits
# until it is ready, and kills it on exit, keeping its log in /tmp/last-silo.log. Sets $silo (pid) and $data.
# SILO_ARGS adds settings to the silo's command line; SILO_ENV, variables to its environment (DOTNET_gcServer=0).
#   start_silo PORT
start_silo() {
  local port=$1
  dotnet build Silo -c Release --nologo -v quiet
  data=$(mktemp -d)
  (cd "$data" && exec env ${SILO_ENV:-} dotnet "$OLDPWD/Silo/bin/Release/net10.0/Notifications.Silo.dll" --urls "http://127.0.0.1:$port" \
    --Logging:LogLevel:Default=Warning --Notifications:Outbound:AllowLoopback=true --Notifications:Outbound:AllowHttp=true ${SILO_ARGS:-}) > "$data/silo.log" 2>&1 &
  silo=$!
  trap 'kill -9 $silo 2>/dev/null || true; cp "$data/silo.log" /tmp/last-silo.log 2>/dev/null; rm -rf "$data"' EXIT
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 0.2; done
}
