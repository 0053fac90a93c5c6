#!/usr/bin/env bash
# Runs every test of the solution and ends with one line: "tests: N passed, M failed".
# Usage: ./test.sh [extra arguments for the test runner, e.g. --filter-class "Chord.Tests.Api.*"]
set -uo pipefail
cd "$(dirname "$0")"

# Azurite (the Azure Storage emulator) comes from the repo's own npm dependency; the durability tests start it.
if [ ! -x node_modules/.bin/azurite ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error || { echo "tests: 0 passed, 1 failed (npm ci failed)"; exit 1; }
fi

# The browser tests drive Debian's headless Chromium (Playwright is pointed at it; no browser download),
# docker-compose validates compose.yaml, the partition tests cut loopback traffic with iptables, and the Python
# client's tests need python3; all come from apt when missing (one apt-get update for all).
missing=""
command -v chromium >/dev/null || missing="$missing chromium"
command -v docker-compose >/dev/null || missing="$missing docker-compose"
command -v iptables >/dev/null || [ -x /usr/sbin/iptables ] || missing="$missing iptables"
command -v python3 >/dev/null || missing="$missing python3"
if [ -n "$missing" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing with apt-get:$missing"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing) >/dev/null 2>&1 || echo "apt-get could not install:$missing"
fi
export CHORD_SCREENSHOTS="${CHORD_SCREENSHOTS:-$PWD/artifacts/screenshots}"

log=$(mktemp)
trap 'rm -f "$log"' EXIT

dotnet build Chord.sln -c Debug -warnaserror 2>&1 | tail -n 3
build=${PIPESTATUS[0]}
if [ "$build" -ne 0 ]; then
  echo "tests: 0 passed, 1 failed (the build failed)"
  exit 1
fi

dotnet test --solution Chord.sln --no-build -- "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

passed=$(awk '/^  succeeded: /{s+=$2} END{print s+0}' "$log")
failed=$(awk '/^  failed: /{s+=$2} END{print s+0}' "$log")

# Pass or fail of a check outside the test runner: counted, and named in the log.
check() { # check "name" command...
  local name=$1; shift
  local out
  if out=$("$@" 2>&1); then
    echo "passed $name"
    passed=$((passed + 1))
  else
    echo "failed $name"
    echo "$out" | tail -n 25 | sed 's/^/  /'
    echo "failed $name" >>"$log"
    failed=$((failed + 1))
  fi
}

# The packages (one version, Version.props) are packed, and the samples build against the packed packages, as a
# user's program would. A version unique to this run keeps NuGet's cache from serving an earlier run's packages.
packages="$PWD/artifacts/packages"
version="$(sed -n 's:.*<ChordVersion>\(.*\)</ChordVersion>.*:\1:p' Version.props)-local.$(date +%s)"
pack_all() {
  rm -f "$packages"/Chord.*.nupkg "$packages"/Chord.*.snupkg
  for project in Grains.Interfaces/Grains.Interfaces.csproj Grains/Grains.csproj clients/dotnet/Chord.Client/Chord.Client.csproj \
                 clients/dotnet/Chord.GrainClient/Chord.GrainClient.csproj clients/dotnet/Chord.Cli/Chord.Cli.csproj; do
    dotnet pack "$project" -c Debug --no-build -o "$packages" -p:ChordVersion="$version" -nologo -v q || return 1
  done
  for package in Chord.Grains.Interfaces Chord.Grains Chord.Client Chord.GrainClient Chord.Cli; do
    python3 -c 'import sys, zipfile; sys.exit("README.md" not in zipfile.ZipFile(sys.argv[1]).namelist())' "$packages/$package.$version.nupkg" ||
      { echo "$package has no README"; return 1; }
  done
}
check "dotnet pack: Chord.Grains.Interfaces, Chord.Grains, Chord.Client, Chord.GrainClient, Chord.Cli $version (each with its README)" pack_all
for sample in HttpClientSample GrainClientSample; do
  check "samples/$sample builds against the packed packages" dotnet build "samples/$sample" -p:ChordVersion="$version" -nologo -v q
done
tools=$(mktemp -d)
check "dotnet tool install Chord.Cli from the packed package" dotnet tool install Chord.Cli --tool-path "$tools" --add-source "$packages" --version "$version"

# The Python client (clients/python) against the real system: ./run.sh (Azurite, a silo, the API) on free ports.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# Several at once, held open together so no two are the same (one at a time, two calls may get one port twice).
free_ports() { python3 -c 'import socket, sys; s = [socket.socket() for _ in range(int(sys.argv[1]))]; [x.bind(("127.0.0.1", 0)) for x in s]; print(" ".join(str(x.getsockname()[1]) for x in s))' "$1"; }
free_run() { for p in "$@"; do (echo >"/dev/tcp/127.0.0.1/$p") 2>/dev/null && return 1; done; return 0; }
read -r api_port gateway_port dashboard_port silo_port < <(free_ports 4)
azurite_port=$(free_port)
until free_run "$azurite_port" $((azurite_port + 1)) $((azurite_port + 2)) \
  && ! echo " $api_port $gateway_port $dashboard_port $silo_port " | grep -qE " ($azurite_port|$((azurite_port + 1))|$((azurite_port + 2))) "; do
  azurite_port=$(free_port)
done
system_data=$(mktemp -d)
# The Python client's webhook test runs its receiver on 127.0.0.1, which the silo calls only when it is listed.
Chord__Webhooks__AllowedHosts__0=127.0.0.1 CHORD_DATA_DIR="$system_data" ./run.sh --no-build --configuration Debug --api-port "$api_port" --dashboard-port "$dashboard_port" \
  --silo-port "$silo_port" --gateway-port "$gateway_port" --azurite-port "$azurite_port" >"$system_data/run.out" 2>&1 &
system=$!
for _ in $(seq 1 180); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$api_port/health" || true)" = "200" ] && break
  kill -0 "$system" 2>/dev/null || break
  sleep 0.5
done
python_log="$system_data/python-tests.log"
(cd clients/python && CHORD_URL="http://127.0.0.1:$api_port" timeout 600 python3 -m unittest discover -s tests -t . -v) >"$python_log" 2>&1
cat "$python_log"
ran=$(awk '/^Ran [0-9]+ test/{print $2}' "$python_log")
broken=$(grep -o -E '(failures|errors)=[0-9]+' "$python_log" | awk -F= '{s+=$2} END{print s+0}')
if [ -n "$ran" ] && [ "$ran" -gt 0 ]; then
  passed=$((passed + ran - broken))
  failed=$((failed + broken))
  grep -E ' \.\.\. (FAIL|ERROR)$' "$python_log" | sed 's/^/failed python: /' | tee -a "$log"
else
  echo "failed python client tests: none ran (the system did not start? $system_data/run.out)" | tee -a "$log"
  tail -n 20 "$system_data/run.out"
  failed=$((failed + 1))
fi

# The samples and the installed tool, each a program written from README alone, against the same running system.
check "samples/HttpClientSample submits, watches and reads a chord over HTTP" \
  env CHORD_URL="http://127.0.0.1:$api_port" timeout 120 dotnet samples/HttpClientSample/bin/Debug/net10.0/HttpClientSample.dll
check "samples/GrainClientSample submits and follows a chord as an Orleans client" \
  env Chord__Client__GatewayPorts__0="$gateway_port" timeout 120 dotnet samples/GrainClientSample/bin/Debug/net10.0/GrainClientSample.dll
tool_watch() {
  local out
  out=$(CHORD_URL="http://127.0.0.1:$api_port" timeout 120 "$tools/chord" submit --map sleep --count 10 --args '{"ms":50}' --body count --watch) || return 1
  echo "$out" | grep -q 'succeeded  10/10 done' && echo "$out" | grep -q '^result: 10$'
}
check "the installed chord tool submits and watches a chord to its end (exit 0)" tool_watch
rm -rf "$tools"

kill -TERM "$system" 2>/dev/null
wait "$system" 2>/dev/null
rm -rf "$system_data"

# compose.yaml cannot run here (no Docker engine); Debian's docker-compose checks that it is valid.
if docker-compose -f compose.yaml config -q; then
  echo "passed compose.yaml is valid (docker-compose config)"
  passed=$((passed + 1))
else
  echo "failed compose.yaml is not valid, or docker-compose is missing"
  failed=$((failed + 1))
fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1 # the runner failed without counting a failed test (a crash, a fixture, no tests)
fi
if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then
  failed=1 # a run that tested nothing is not green
fi

[ -d "$CHORD_SCREENSHOTS" ] && echo "screenshots of the progress page: $CHORD_SCREENSHOTS"
# The runner prints each failure where it happens and then the test process's whole output; repeat the failures
# (name and first lines of the message) last, so that whoever reads only the tail of the log sees which failed.
if grep -q '^failed ' "$log"; then
  echo "failures (repeated from above):"
  awk '/^failed /{n=8} n>0{print "  " $0; n--}' "$log"
fi
echo "tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
