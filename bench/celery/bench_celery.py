"""Chords of 10 no-op tasks + sum on Celery: one at a time (submit -> body result, p50/p99), then IN_FLIGHT
submitted at once from 16 threads (chords per second from the first submit to the last result)."""
import os
import statistics
import sys
import threading
import time

from celery import chord

from tasks import noop, total

TASKS = 10
SEQUENTIAL = int(os.environ.get("SEQUENTIAL", "200"))
IN_FLIGHT = int(os.environ.get("IN_FLIGHT", "2000"))
THREADS = 16
EXPECTED = TASKS * (TASKS - 1) // 2


def one():
    start = time.perf_counter()
    result = chord(noop.s(i) for i in range(TASKS))(total.s())
    value = result.get(timeout=120)
    elapsed = (time.perf_counter() - start) * 1000
    if value != EXPECTED:
        sys.exit(f"a chord summed to {value}, not {EXPECTED}")
    return elapsed


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p * (len(ordered) - 1))))]


for _ in range(20):
    one()  # warm-up

latencies = [one() for _ in range(SEQUENTIAL)]
print(f"One at a time ({SEQUENTIAL} chords): submit -> body result p50 {percentile(latencies, 0.5):.1f} ms, p99 {percentile(latencies, 0.99):.1f} ms.")

results = []
lock = threading.Lock()
counter = iter(range(IN_FLIGHT))


def submitter():
    while True:
        with lock:
            i = next(counter, None)
        if i is None:
            return
        r = chord(noop.s(j) for j in range(TASKS))(total.s())
        with lock:
            results.append(r)


start = time.perf_counter()
threads = [threading.Thread(target=submitter) for _ in range(THREADS)]
for t in threads:
    t.start()
for t in threads:
    t.join()
for r in results:
    if r.get(timeout=600) != EXPECTED:
        sys.exit("a chord did not sum right")
elapsed = time.perf_counter() - start
print(f"{IN_FLIGHT} submitted at once from {THREADS} threads: {IN_FLIGHT / elapsed:.0f} chords/s ({elapsed:.1f} s from the first submit to the last result).")
