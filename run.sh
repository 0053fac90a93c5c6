#!/usr/bin/env bash
# Starts the local Chord system: builds it, starts Azurite (the repo's own npm dependency, data in .data/azurite),
# N silos (each with the Orleans dashboard) and Client.Api (the API and the progress page). Prints every PID and
# URL once the API reports healthy, then supervises them: a process that exits on its own is started again on the
# same ports. Ctrl-C (or kill -TERM of this script) stops everything: the API and the silos first, Azurite last.
# Set Chord__Api__ApiKey to require an API key.
#
#   ./run.sh [--silos N] [--storage azurite|memory] [--api-port P] [--dashboard-port P] [more options below]
#   ./run.sh add-silo      adds one more silo to the system ./run.sh runs here (its storage and settings), in the
#                          foreground: it joins the cluster and takes units of running chords; Ctrl-C (SIGTERM)
#                          stops it gracefully, handing its running units back to the others
#
#   --silos N          silos on this machine (default 1); silo i uses ports 11111+i, 30000+i and dashboard P+i
#   --storage azurite  durable: state, membership and reminders in Azurite; chords survive restarts (default)
#   --storage memory   nothing durable: state lives in the silos' memory
#   --api-port P       the API's port (default 5080)
#   --dashboard-port P the first silo's dashboard port (default 8080)
#   --silo-port P      the first silo's silo-to-silo port (default 11111)
#   --gateway-port P   the first silo's gateway port (default 30000)
#   --azurite-port P   Azurite's blob port; queue P+1, table P+2 (default 10000)
#   --stop-grace S     seconds the API and the silos each get to stop before they are killed (default 45;
#                      a host gives itself 30, DOTNET_shutdownTimeoutSeconds)
#   --configuration C  Release (default) or Debug: which build to run
#   --no-build         run the binaries already built (with --configuration) instead of building first
#   CHORD_DATA_DIR     where data, logs and the run's state go (default .data in the repository)
#   AZURITE_DEBUG      a file for Azurite's debug log (every request it serves: how the storage requests per chord are counted)
set -euo pipefail
data=$(realpath -m -- "${CHORD_DATA_DIR:-$(dirname "$0")/.data}")
cd "$(dirname "$0")"

api_port=5080
dashboard_port=8080
silo_port=11111
gateway_port=30000
azurite_port=10000
storage=azurite
silos=1
configuration=Release
build=true
stop_grace=45

port_free() { ! (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
healthy() { [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/health" || true)" = "200" ]; }

if [ "${1:-}" = "add-silo" ]; then
  # Joins the system started by ./run.sh: same storage and settings, the next free ports.
  [ -f "$data/run-silo-args" ] && [ -f "$data/run-settings" ] || { echo "no system started by ./run.sh is running here (no $data/run-silo-args)" >&2; exit 1; }
  mapfile -t silo_args < "$data/run-silo-args"
  # shellcheck source=/dev/null
  . "$data/run-settings"
  if printf '%s\n' "${silo_args[@]}" | grep -q 'Storage=memory'; then
    echo "note: with --storage memory, grain state lives in the silos' memory: when this silo stops, the share it holds is lost (use the default, Azurite, to add and remove silos safely)" >&2
  fi
  # The system's own silos keep their ports even while one restarts.
  i=$silos
  while ! { port_free $((silo_port + i)) && port_free $((gateway_port + i)) && port_free $((dashboard_port + i)); }; do i=$((i + 1)); done
  echo "silo $i    ports $((silo_port + i)) / $((gateway_port + i))  dashboard http://127.0.0.1:$((dashboard_port + i))/dashboard/"
  echo "Ctrl-C stops this silo gracefully (its running units go back to the others)."
  mkdir -p "$data/added-silos"
  echo $$ > "$data/added-silos/$i" # ./run.sh stops added silos with the rest
  cd "Silo/bin/$configuration/net10.0"
  exec dotnet Chord.Silo.dll --urls "http://127.0.0.1:$((dashboard_port + i))" \
    --Chord:Silo:SiloPort=$((silo_port + i)) --Chord:Silo:GatewayPort=$((gateway_port + i)) \
    "--Chord:Engine:SiloUrl=http://127.0.0.1:$((dashboard_port + i))/dashboard/" "${silo_args[@]}"
fi

number() { [[ "$2" =~ ^[1-9][0-9]*$ ]] || { echo "$1 must be a positive number" >&2; exit 2; }; }
while [ $# -gt 0 ]; do
  case "$1" in
    --api-port|--dashboard-port|--silo-port|--gateway-port|--azurite-port|--stop-grace|--silos)
      [ $# -ge 2 ] || { echo "$1 needs a value" >&2; exit 2; }
      number "$1" "$2"
      case "$1" in
        --api-port) api_port="$2" ;;
        --dashboard-port) dashboard_port="$2" ;;
        --silo-port) silo_port="$2" ;;
        --gateway-port) gateway_port="$2" ;;
        --azurite-port) azurite_port="$2" ;;
        --stop-grace) stop_grace="$2" ;;
        --silos) silos="$2" ;;
      esac
      shift 2 ;;
    --storage) storage="${2:-}"; shift 2 ;;
    --configuration) configuration="${2:-}"; shift 2 ;;
    --no-build) build=false; shift ;;
    -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done

case "$storage" in azurite|memory) ;; *) echo "--storage must be 'azurite' or 'memory'" >&2; exit 2 ;; esac
case "$configuration" in Release|Debug) ;; *) echo "--configuration must be 'Release' or 'Debug'" >&2; exit 2 ;; esac
blob_port=$azurite_port
queue_port=$((azurite_port + 1))
table_port=$((azurite_port + 2))

# A system already running from this folder is refused at once; one that is still stopping is waited for below.
if [ -f "$data/run.pid" ]; then
  running=$(cat "$data/run.pid")
  if [ -n "$running" ] && kill -0 "$running" 2>/dev/null && grep -qa 'run\.sh' "/proc/$running/cmdline" 2>/dev/null; then
    echo "Chord is already running from here (run.sh pid $running, data $data); stop it first (Ctrl-C in its terminal, or kill -TERM $running)" >&2
    exit 1
  fi
fi

# The ports of a system stopped a moment ago can take a few seconds to close: wait for them, but not forever, since
# a port still taken after that belongs to something else that runs (whose health check would answer for this one).
ports=("$api_port")
for i in $(seq 0 $((silos - 1))); do ports+=($((dashboard_port + i)) $((silo_port + i)) $((gateway_port + i))); done
[ "$storage" = "azurite" ] && ports+=("$blob_port" "$queue_port" "$table_port")
busy=()
for attempt in $(seq 1 60); do
  busy=()
  for port in "${ports[@]}"; do port_free "$port" || busy+=("$port"); done
  [ ${#busy[@]} -eq 0 ] && break
  [ "$attempt" = 1 ] && echo "waiting for port(s) ${busy[*]} to be free…"
  sleep 0.25
done
if [ ${#busy[@]} -gt 0 ]; then
  echo "port(s) ${busy[*]} still in use after 15 s (is Chord, or another Azurite, already running?); stop it first" >&2
  exit 1
fi

logs="$data/logs"
mkdir -p "$logs"
shown=${data#"$PWD/"} # as the user knows it: .data by default
rm -f "$logs"/silo-*.log "$logs/api.log" "$logs/azurite.log"

declare -A pid=() started=() delay=() due=()
names=()
hurry=false

# Each process runs in its own session: a Ctrl-C in the terminal reaches only this script, which stops them in
# order (Azurite, which the silos leave the cluster through, last). Logs are appended, so a restart keeps the
# lines of the run that ended.
start() {
  local name=$1
  case "$name" in
    azurite)
      setsid node_modules/.bin/azurite --silent --disableTelemetry ${AZURITE_DEBUG:+--debug $AZURITE_DEBUG} --location "$data/azurite" --skipApiVersionCheck \
        --blobHost 127.0.0.1 --blobPort "$blob_port" --queueHost 127.0.0.1 --queuePort "$queue_port" \
        --tableHost 127.0.0.1 --tablePort "$table_port" >>"$logs/azurite.log" 2>&1 &
      pid[$name]=$!
      echo "azurite   pid $!  blob :$blob_port table :$table_port  data $shown/azurite  log $shown/logs/azurite.log" ;;
    silo\ *)
      local i=${name#silo }
      (cd "Silo/bin/$configuration/net10.0" && exec setsid dotnet Chord.Silo.dll \
        --urls "http://127.0.0.1:$((dashboard_port + i))" \
        --Chord:Silo:SiloPort=$((silo_port + i)) --Chord:Silo:GatewayPort=$((gateway_port + i)) \
        "--Chord:Engine:SiloUrl=http://127.0.0.1:$((dashboard_port + i))/dashboard/" "${silo_args[@]}") \
        >>"$logs/silo-$i.log" 2>&1 &
      pid[$name]=$!
      echo "silo $i    pid $!  dashboard http://127.0.0.1:$((dashboard_port + i))/dashboard/  log $shown/logs/silo-$i.log" ;;
    api)
      # The project folder is the content root: the page's static files (wwwroot) are served from there.
      setsid dotnet "Client.Api/bin/$configuration/net10.0/Chord.Client.Api.dll" --contentRoot "$PWD/Client.Api" \
        --urls "http://127.0.0.1:$api_port" "--Chord:Api:DashboardUrl=${dashboards[0]}" "${api_args[@]}" \
        >>"$logs/api.log" 2>&1 &
      pid[$name]=$!
      echo "api       pid $!  log $shown/logs/api.log" ;;
  esac
  [ -n "${started[$name]:-}" ] || { names+=("$name"); delay[$name]=1; }
  started[$name]=$SECONDS
}

alive() { [ -n "${pid[$1]:-}" ] && kill -0 "${pid[$1]}" 2>/dev/null; }

# Sends SIGTERM to these processes and waits up to $1 seconds for them to exit; then kills what is left (and says
# so). A second Ctrl-C skips the wait.
end() {
  local grace=$1 name left deadline=$((SECONDS + $1))
  shift
  for name in "$@"; do alive "$name" && kill -TERM "${pid[$name]}" 2>/dev/null; done
  while [ "$SECONDS" -lt "$deadline" ]; do
    left=()
    for name in "$@"; do alive "$name" && left+=("$name"); done
    [ ${#left[@]} -eq 0 ] && return 0
    $hurry && break
    sleep 0.1 & wait $! 2>/dev/null || true
  done
  for name in "$@"; do
    if alive "$name"; then
      echo "$name did not stop within $grace s; killing it" >&2
      kill -KILL "${pid[$name]}" 2>/dev/null
      killed=true
    fi
  done
}

killed=false
stop() {
  local code=$1
  trap 'hurry=true' INT TERM HUP
  trap - EXIT
  set +e
  echo
  echo "Stopping…"
  rm -f "$data/run-silo-args" "$data/run-settings" "$data/run.pid"
  # Added silos (./run.sh add-silo) run in their own terminals; they are stopped with this system's silos.
  for added in "$data"/added-silos/*; do
    [ -f "$added" ] || continue
    name="added silo ${added##*/}"
    pid[$name]=$(cat "$added")
    added_silos+=("$name")
  done
  rm -rf "$data/added-silos"
  local silo_names=()
  for name in "${names[@]}"; do [[ "$name" == silo\ * ]] && silo_names=("$name" "${silo_names[@]}"); done
  # The API first, so no client call meets a silo that is leaving; then the silos one at a time, the first one
  # last (silos stopping together fail each other's calls and log errors), each handing its running units back
  # and leaving the cluster through storage; Azurite last.
  end "$stop_grace" api
  for name in "${added_silos[@]}" "${silo_names[@]}"; do end "$stop_grace" "$name"; done
  end 10 azurite
  wait 2>/dev/null
  echo "Stopped."
  $killed && [ "$code" = 0 ] && code=1
  exit "$code"
}
added_silos=()

# Set only now: a run refused above must not tidy away the files of the system that is running.
trap 'stop 0' INT TERM HUP
trap 'stop $?' EXIT
echo $$ > "$data/run.pid"

if $build; then
  echo "Building ($configuration)…"
  dotnet build Chord.sln -c "$configuration" -v quiet -nologo | tail -n 2
fi

silo_args=()
api_args=()
if [ "$storage" = "azurite" ]; then
  if [ ! -x node_modules/.bin/azurite ]; then
    echo "Installing Azurite (npm ci)…"
    npm ci --no-audit --no-fund --loglevel=error
  fi
  mkdir -p "$data/azurite"
  start azurite
  for _ in $(seq 1 60); do port_free "$table_port" || break; sleep 0.5; done
  connection="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:$blob_port/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$queue_port/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table_port/devstoreaccount1;"
  silo_args+=(--Chord:Silo:Storage=azure "--ConnectionStrings:AzureStorage=$connection")
  api_args+=(--Chord:Client:Clustering=azure "--ConnectionStrings:AzureStorage=$connection")
else
  silo_args+=(--Chord:Silo:Storage=memory "--Chord:Silo:PrimarySiloPort=$silo_port")
fi

# ./run.sh add-silo starts further silos with the same settings.
printf '%s\n' "${silo_args[@]}" > "$data/run-silo-args"
printf '%s\n' "silos=$silos" "silo_port=$silo_port" "gateway_port=$gateway_port" "dashboard_port=$dashboard_port" \
  "configuration=$configuration" > "$data/run-settings"

dashboards=()
for i in $(seq 0 $((silos - 1))); do
  start "silo $i"
  dashboards+=("http://127.0.0.1:$((dashboard_port + i))/dashboard/")
  [ "$storage" = "memory" ] && api_args+=("--Chord:Client:GatewayPorts:$i=$((gateway_port + i))")
  # The first silo founds the cluster, and the API's client wants a gateway in the membership table: both wait for
  # it to be an active member.
  if [ "$i" = 0 ]; then
    for _ in $(seq 1 240); do
      healthy "$dashboard_port" && break
      alive "silo 0" || { echo "silo 0 (pid ${pid[silo 0]}) exited early; see $logs" >&2; exit 1; }
      sleep 0.25
    done
  fi
done
start api

# Ready: the API answers and every silo is an active cluster member (a silo still joining would fail a stop now).
ready=false
for _ in $(seq 1 240); do
  ready=true
  for i in $(seq 0 $((silos - 1))); do healthy $((dashboard_port + i)) || { ready=false; break; }; done
  $ready && healthy "$api_port" && break
  ready=false
  for name in "${names[@]}"; do
    alive "$name" || { echo "$name (pid ${pid[$name]}) exited early; see $logs" >&2; exit 1; }
  done
  sleep 0.5
done
$ready || { echo "the API and the silos were not all healthy within 2 minutes; see $logs" >&2; exit 1; }

echo
echo "Chord is ready ($silos silo(s), storage: $storage)."
echo "  Page       http://127.0.0.1:$api_port/"
echo "  API        http://127.0.0.1:$api_port/chords   (reference: http://127.0.0.1:$api_port/scalar, OpenAPI: /openapi/v1.json)"
for d in "${dashboards[@]}"; do echo "  Dashboard  $d"; done
echo "Ctrl-C stops everything."

# Supervision: a process that exits while this script is not stopping is started again on the same ports, after a
# pause that doubles (up to 30 s) while it keeps exiting within a minute of its start, so a crash loop does not spin.
while :; do
  for name in "${names[@]}"; do
    if [ -n "${pid[$name]}" ] && ! alive "$name"; then
      code=0
      wait "${pid[$name]}" 2>/dev/null || code=$?
      [ $((SECONDS - started[$name])) -ge 60 ] && delay[$name]=1
      echo "$name exited with code $code; starting it again in ${delay[$name]} s"
      due[$name]=$((SECONDS + delay[$name]))
      delay[$name]=$((delay[$name] * 2 > 30 ? 30 : delay[$name] * 2))
      pid[$name]=""
    elif [ -z "${pid[$name]}" ] && [ "$SECONDS" -ge "${due[$name]}" ]; then
      start "$name"
    fi
  done
  sleep 0.25 & wait $! 2>/dev/null || true
done
