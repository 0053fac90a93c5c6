#!/usr/bin/env bash
# The side-by-side run against Celery (see README, Benchmark): Redis and a prefork Celery worker with 2 processes
# on this machine, then the same load as `Chord.Bench --small`. Needs redis-server and Celery with its Redis client:
#   apt-get install redis-server python3-celery python3-redis      (Debian), or: pip install "celery[redis]"
# Usage: bench/celery/run.sh [--sequential 200] [--in-flight 2000]
set -euo pipefail
cd "$(dirname "$0")"
sequential=200
in_flight=2000
while [ $# -gt 0 ]; do
  case "$1" in
    --sequential) sequential=$2; shift 2 ;;
    --in-flight) in_flight=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

# The Python that has Celery: $PYTHON, else python3, else the system's (Debian's packages go there, not to pyenv's).
python=${PYTHON:-python3}
if ! "$python" -c 'import celery, redis' 2>/dev/null && /usr/bin/python3 -c 'import celery, redis' 2>/dev/null; then
  python=/usr/bin/python3
fi

port=$("$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
work=$(mktemp -d)
redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no --dir "$work" >"$work/redis.log" 2>&1 &
redis=$!
export CELERY_BROKER="redis://127.0.0.1:$port/0"
"$python" -m celery -A tasks worker --pool prefork --concurrency 2 --loglevel WARNING >"$work/worker.log" 2>&1 &
worker=$!
trap 'kill $worker $redis 2>/dev/null; wait $worker $redis 2>/dev/null; rm -rf "$work"' EXIT
sleep 5
echo "Celery $("$python" -c 'import celery; print(celery.__version__)') + Redis $(redis-server --version | sed -E 's/.*v=([^ ]+).*/\1/'), prefork, 2 processes; chords of 10 no-op tasks + sum."
SEQUENTIAL=$sequential IN_FLIGHT=$in_flight "$python" bench_celery.py
