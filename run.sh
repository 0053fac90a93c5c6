#!/usr/bin/env bash
# Starts the local Chord system: builds it, starts Azurite (the repo's own npm dependency, data in .data/azurite),
# N silos (each with the Orleans dashboard) and Client.Api (the API and the progress page). Prints every PID and
# URL once the API reports healthy; Ctrl-C stops everything. Set Chord__Api__ApiKey to require an API key.
#
#   ./run.sh [--silos N] [--storage azurite|memory] [--api-port P] [--dashboard-port P]
#   ./run.sh add-silo      adds one more silo to the system ./run.sh runs here (its storage and settings), in the
#                          foreground: it joins the cluster and takes units of running chords; Ctrl-C (SIGTERM)
#                          stops it gracefully, handing its running units back to the others
#
#   --silos N          silos on this machine (default 1); silo i uses ports 11111+i, 30000+i and dashboard P+i
#   --storage azurite  durable: state, membership and reminders in Azurite; chords survive restarts (default)
#   --storage memory   nothing durable: state lives in the silos' memory
#   --api-port P       the API's port (default 5080)
#   --dashboard-port P the first silo's dashboard port (default 8080)
set -euo pipefail
cd "$(dirname "$0")"

api_port=5080
dashboard_port=8080
storage=azurite
silos=1
blob_port=10000
queue_port=10001
table_port=10002

if [ "${1:-}" = "add-silo" ]; then
  # Joins the system started by ./run.sh: same storage and settings, the next free ports.
  [ -f .data/run-silo-args ] || { echo "no system started by ./run.sh is running here (no .data/run-silo-args)" >&2; exit 1; }
  mapfile -t silo_args < .data/run-silo-args
  if printf '%s\n' "${silo_args[@]}" | grep -q 'Storage=memory'; then
    echo "note: with --storage memory, grain state lives in the silos' memory: when this silo stops, the share it holds is lost (use the default, Azurite, to add and remove silos safely)" >&2
  fi
  dashboard_port=$(cat .data/run-dashboard-port)
  port_free() { ! (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
  i=1
  while ! { port_free $((11111 + i)) && port_free $((30000 + i)) && port_free $((dashboard_port + i)); }; do i=$((i + 1)); done
  echo "silo $i    ports $((11111 + i)) / $((30000 + i))  dashboard http://127.0.0.1:$((dashboard_port + i))/dashboard/"
  echo "Ctrl-C stops this silo gracefully (its running units go back to the others)."
  mkdir -p .data/added-silos
  echo $$ > ".data/added-silos/$i" # ./run.sh stops added silos with the rest
  cd Silo/bin/Release/net10.0
  exec dotnet Chord.Silo.dll --urls "http://127.0.0.1:$((dashboard_port + i))" \
    --Chord:Silo:SiloPort=$((11111 + i)) --Chord:Silo:GatewayPort=$((30000 + i)) \
    "--Chord:Engine:SiloUrl=http://127.0.0.1:$((dashboard_port + i))/dashboard/" "${silo_args[@]}"
fi

while [ $# -gt 0 ]; do
  case "$1" in
    --api-port) api_port="$2"; shift 2 ;;
    --dashboard-port) dashboard_port="$2"; shift 2 ;;
    --storage) storage="$2"; shift 2 ;;
    --silos) silos="$2"; shift 2 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done

case "$storage" in azurite|memory) ;; *) echo "--storage must be 'azurite' or 'memory'" >&2; exit 2 ;; esac
[[ "$silos" =~ ^[1-9][0-9]*$ ]] || { echo "--silos must be a positive number" >&2; exit 2; }

logs=.data/logs
mkdir -p "$logs"
pids=()
azurite_pid=""
stop_pids() { # stops these processes, waiting up to 30 s before killing them
  for pid in "$@"; do kill "$pid" 2>/dev/null || true; done
  for _ in $(seq 1 60); do
    local alive=0
    for pid in "$@"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    if [ "$alive" = 0 ]; then return 0; fi
    sleep 0.5
  done
  for pid in "$@"; do kill -9 "$pid" 2>/dev/null || true; done
}
stop_azurite() { # SIGTERM saves its data; node then lingers for minutes, so it is killed once all three services closed
  kill "$azurite_pid" 2>/dev/null || return 0
  for _ in $(seq 1 60); do
    [ "$(grep -c 'successfully closed' "$logs/azurite.log" 2>/dev/null)" -ge 3 ] && break
    kill -0 "$azurite_pid" 2>/dev/null || return 0
    sleep 0.5
  done
  kill -9 "$azurite_pid" 2>/dev/null || true
}
stop() {
  trap - INT TERM EXIT
  set +e
  echo
  echo "Stopping…"
  rm -f .data/run-silo-args .data/run-dashboard-port
  # Silos leave the cluster through storage, so Azurite goes last.
  local others=()
  for added in .data/added-silos/*; do [ -f "$added" ] && others+=("$(cat "$added")"); done # ./run.sh add-silo
  rm -rf .data/added-silos
  for pid in "${pids[@]}"; do [ "$pid" != "$azurite_pid" ] && others+=("$pid"); done
  if [ ${#others[@]} -gt 0 ]; then stop_pids "${others[@]}"; fi
  if [ -n "$azurite_pid" ]; then stop_azurite; fi
  wait 2>/dev/null || true
  echo "Stopped."
}
port_free() { ! (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# A system already running here would answer the health check below in place of this one.
for port in "$api_port" $(seq "$dashboard_port" $((dashboard_port + silos - 1))) $(seq 11111 $((11110 + silos))) $(seq 30000 $((29999 + silos))); do
  port_free "$port" || { echo "port $port is in use (is Chord already running?); stop it first" >&2; exit 1; }
done

# Set only now: a run refused above must not tidy away the files of the system that is running.
trap stop INT TERM EXIT

echo "Building (Release)…"
dotnet build Chord.sln -c Release -v quiet -nologo | tail -n 2

silo_args=()
api_args=()
if [ "$storage" = "azurite" ]; then
  if [ ! -x node_modules/.bin/azurite ]; then
    echo "Installing Azurite (npm ci)…"
    npm ci --no-audit --no-fund --loglevel=error
  fi
  for port in $blob_port $queue_port $table_port; do
    port_free "$port" || { echo "port $port is in use (another Azurite?); stop it first" >&2; exit 1; }
  done
  mkdir -p .data/azurite
  node_modules/.bin/azurite --silent --location .data/azurite --skipApiVersionCheck \
    --blobHost 127.0.0.1 --blobPort $blob_port --queueHost 127.0.0.1 --queuePort $queue_port \
    --tableHost 127.0.0.1 --tablePort $table_port >"$logs/azurite.log" 2>&1 &
  pids+=($!)
  azurite_pid=$!
  echo "azurite   pid $!  blob :$blob_port table :$table_port  data .data/azurite  log $logs/azurite.log"
  for _ in $(seq 1 60); do port_free $table_port || break; sleep 0.5; done
  connection="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:$blob_port/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$queue_port/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table_port/devstoreaccount1;"
  silo_args+=(--Chord:Silo:Storage=azure "--ConnectionStrings:AzureStorage=$connection")
  api_args+=(--Chord:Client:Clustering=azure "--ConnectionStrings:AzureStorage=$connection")
else
  silo_args+=(--Chord:Silo:Storage=memory --Chord:Silo:PrimarySiloPort=11111)
fi

# ./run.sh add-silo starts further silos with the same settings.
printf '%s\n' "${silo_args[@]}" > .data/run-silo-args
echo "$dashboard_port" > .data/run-dashboard-port

dashboards=()
for i in $(seq 0 $((silos - 1))); do
  (cd Silo/bin/Release/net10.0 && exec dotnet Chord.Silo.dll \
    --urls "http://127.0.0.1:$((dashboard_port + i))" \
    --Chord:Silo:SiloPort=$((11111 + i)) --Chord:Silo:GatewayPort=$((30000 + i)) \
    "--Chord:Engine:SiloUrl=http://127.0.0.1:$((dashboard_port + i))/dashboard/" "${silo_args[@]}") \
    >"$logs/silo-$i.log" 2>&1 &
  pids+=($!)
  echo "silo $i    pid $!  dashboard http://127.0.0.1:$((dashboard_port + i))/dashboard/  log $logs/silo-$i.log"
  dashboards+=("http://127.0.0.1:$((dashboard_port + i))/dashboard/")
  [ "$storage" = "memory" ] && api_args+=("--Chord:Client:GatewayPorts:$i=$((30000 + i))")
  [ "$i" = 0 ] && sleep 2 # the first silo founds the cluster
done

# The project folder is the content root: the page's static files (wwwroot) are served from there.
dotnet Client.Api/bin/Release/net10.0/Chord.Client.Api.dll --contentRoot "$PWD/Client.Api" --urls "http://127.0.0.1:$api_port" \
  "--Chord:Api:DashboardUrl=${dashboards[0]}" "${api_args[@]}" >"$logs/api.log" 2>&1 &
pids+=($!)
echo "api       pid $!  log $logs/api.log"

ready=false
for _ in $(seq 1 240); do
  if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$api_port/health" || true)" = "200" ]; then
    ready=true
    break
  fi
  for pid in "${pids[@]}"; do
    kill -0 "$pid" 2>/dev/null || { echo "process $pid exited early; see $logs" >&2; exit 1; }
  done
  sleep 0.5
done
$ready || { echo "the API did not answer within 2 minutes; see $logs" >&2; exit 1; }

echo
echo "Chord is ready ($silos silo(s), storage: $storage)."
echo "  Page       http://127.0.0.1:$api_port/"
echo "  API        http://127.0.0.1:$api_port/chords   (reference: http://127.0.0.1:$api_port/scalar, OpenAPI: /openapi/v1.json)"
for d in "${dashboards[@]}"; do echo "  Dashboard  $d"; done
echo "Ctrl-C stops everything."
wait
