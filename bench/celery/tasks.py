"""The Celery side of the side-by-side benchmark: the same chord as Chord's small-chord benchmark (10 no-op tasks
returning their index, then a body that sums them), on Redis, with a prefork worker."""
import os

from celery import Celery

broker = os.environ.get("CELERY_BROKER", "redis://127.0.0.1:6379/0")
app = Celery("chordbench", broker=broker, backend=broker)
app.conf.update(result_expires=3600, worker_prefetch_multiplier=4, task_acks_late=False)


@app.task
def noop(i):
    return i


@app.task
def total(results):
    return sum(results)
