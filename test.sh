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
# docker-compose validates compose.yaml, and the partition tests cut loopback traffic with iptables; all come from
# apt when missing (one apt-get update for all).
missing=""
command -v chromium >/dev/null || missing="$missing chromium"
command -v docker-compose >/dev/null || missing="$missing docker-compose"
command -v iptables >/dev/null || [ -x /usr/sbin/iptables ] || missing="$missing iptables"
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

# The engine ships as two NuGet packages (the client contract and the engine library); packing them is checked.
packages="$PWD/artifacts/packages"
if dotnet pack Grains.Interfaces/Grains.Interfaces.csproj -c Debug --no-build -o "$packages" >/dev/null &&
   dotnet pack Grains/Grains.csproj -c Debug --no-build -o "$packages" >/dev/null; then
  echo "passed dotnet pack: Chord.Grains.Interfaces and Chord.Grains in artifacts/packages"
  passed=$((passed + 1))
else
  echo "failed dotnet pack of Grains.Interfaces or Grains"
  failed=$((failed + 1))
fi

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
