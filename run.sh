#!/usr/bin/env bash
# Starts the local Chord system: builds it, then the silo (with the dashboard) and Client.Api.
# Prints their URLs once the API answers; Ctrl-C stops everything.
#
#   ./run.sh [--api-port P] [--dashboard-port P] [--storage memory]
set -euo pipefail
cd "$(dirname "$0")"

api_port=5080
dashboard_port=8080
storage=memory
silo_port=11111
gateway_port=30000

while [ $# -gt 0 ]; do
  case "$1" in
    --api-port) api_port="$2"; shift 2 ;;
    --dashboard-port) dashboard_port="$2"; shift 2 ;;
    --storage) storage="$2"; shift 2 ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done

if [ "$storage" != "memory" ]; then
  echo "--storage must be 'memory' (durable Azure Storage comes with the Azure Storage issue)" >&2
  exit 2
fi

echo "Building (Release)…"
dotnet build Chord.sln -c Release -v quiet -nologo | tail -n 2

logs=.data/logs
mkdir -p "$logs"
pids=()
stop() {
  trap - INT TERM EXIT
  echo
  echo "Stopping…"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  echo "Stopped."
}
trap stop INT TERM EXIT

(cd Silo/bin/Release/net10.0 && exec dotnet Chord.Silo.dll \
  --urls "http://127.0.0.1:$dashboard_port" \
  --Chord:Silo:SiloPort="$silo_port" --Chord:Silo:GatewayPort="$gateway_port" --Chord:Silo:Storage="$storage") \
  >"$logs/silo.log" 2>&1 &
pids+=($!)
echo "silo      pid $!  log $logs/silo.log"

(cd Client.Api/bin/Release/net10.0 && exec dotnet Chord.Client.Api.dll \
  --urls "http://127.0.0.1:$api_port" --Chord:Client:GatewayPorts:0="$gateway_port") \
  >"$logs/api.log" 2>&1 &
pids+=($!)
echo "api       pid $!  log $logs/api.log"

for _ in $(seq 1 120); do
  if curl -fs "http://127.0.0.1:$api_port/chords/ready-check" -o /dev/null -w '' 2>/dev/null \
     || [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$api_port/chords/ready-check")" = "404" ]; then
    break
  fi
  for pid in "${pids[@]}"; do
    kill -0 "$pid" 2>/dev/null || { echo "a process exited early; see $logs" >&2; exit 1; }
  done
  sleep 0.5
done

echo
echo "Chord is ready."
echo "  API        http://127.0.0.1:$api_port/chords"
echo "  Dashboard  http://127.0.0.1:$dashboard_port/dashboard/"
echo "Ctrl-C stops everything."
wait
