"""The client: one ChordClient per API, one ChordResult per chord (Celery's AsyncResult, with progress)."""

import http.client
import json
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

from ._errors import (
    ChordConflict,
    ChordError,
    ChordFailed,
    ChordNotFound,
    ChordTimeout,
    ChordUnavailable,
    ChordValidationError,
)
from ._sse import read_events

# The body's state (the API's words) in Celery's; a chord cancelled before its body ran reads REVOKED.
_STATES = {
    "pending": "PENDING",
    "started": "STARTED",
    "retry": "RETRY",
    "failure": "FAILURE",
    "success": "SUCCESS",
}

_FINAL = ("succeeded", "failed", "cancelled")

# The API's version: every path below is under it.
_API = "/v1"


class ChordClient:
    """Chord's HTTP API at ``url`` (e.g. ``http://127.0.0.1:5080``), with ``api_key`` when it requires one.

    ``timeout`` bounds each request, in seconds. Submits, reads and cancels are tried again while the API or the
    cluster is briefly unavailable (a refused connection, 503): each is idempotent, a submit because the client
    chooses its id.
    """

    def __init__(self, url, api_key=None, timeout=30.0, tries=3):
        self.url = url.rstrip("/")
        self.api_key = api_key
        self.timeout = timeout
        self.tries = max(1, tries)

    def chord(self, tasks=None, map=None, body=None, options=None, id=None, labels=None, notify=None, then=None,  # noqa: A002
              on_failure=None):
        """Submits a chord: ``tasks`` (a list of ``{"handler", "args"}``) or ``map`` (``{"handler", "count"|"items",
        "args"}``), and ``body`` (``{"handler", "args"}``); ``labels`` (a dict of up to 16 strings) say who asked and
        for what. Returns its ChordResult at once. Raises ChordValidationError for an invalid spec (nothing is
        created) and ChordConflict when ``id`` holds another."""
        if (tasks is None) == (map is None):
            raise ValueError("give either tasks or map")
        if body is None:
            raise ValueError("a chord needs a body, e.g. {'handler': 'sum'}")
        spec = {"id": id or uuid.uuid4().hex, "body": body}
        if tasks is not None:
            spec["tasks"] = list(tasks)
        else:
            spec["map"] = map
        if options:
            spec["options"] = options
        if labels:
            spec["labels"] = dict(labels)
        if then:
            spec["then"] = dict(then)  # a chord spec without id, submitted as "{id}.then" when this one succeeds
        if on_failure:
            spec["onFailure"] = dict(on_failure)  # {"handler", "args"}: run once with the failed snapshot
        if notify:
            # {"url", "events": [...], "progressEveryPercent"} or just the URL: called when the chord finishes
            spec.setdefault("options", {})
            spec["options"] = dict(spec["options"], notify={"url": notify} if isinstance(notify, str) else dict(notify))
        _, snapshot = self._call("POST", "/chords", spec)
        return ChordResult(self, snapshot)

    def result(self, chord_id):
        """The ChordResult of an existing chord (ChordNotFound if there is none)."""
        _, snapshot = self._call("GET", "/chords/" + _quote(chord_id))
        return ChordResult(self, snapshot)

    def search(self, status=None, handler=None, labels=None, created_after=None, created_before=None, page_size=100):
        """Every retained chord that matches, newest first, as ChordResults (a generator: pages are fetched as it is
        read). ``labels`` is a dict that must all hold; ``created_after``/``created_before`` are datetimes or ISO text."""
        query = [("limit", str(page_size))]
        if status:
            query.append(("status", status))
        if handler:
            query.append(("handler", handler))
        for key, value in (labels or {}).items():
            query.append(("label", "%s:%s" % (key, value)))
        for name, when in (("createdAfter", created_after), ("createdBefore", created_before)):
            if when is not None:
                query.append((name, when if isinstance(when, str) else when.isoformat()))
        cursor = None
        while True:
            page_query = query + ([("cursor", cursor)] if cursor else [])
            _, page = self._call("GET", "/chords?" + urllib.parse.urlencode(page_query))
            for snapshot in page["items"]:
                yield ChordResult(self, snapshot)
            cursor = page.get("next")
            if not cursor:
                return

    def failures(self, since=None, handler=None, error_type=None, labels=None):
        """The failed tasks of every retained chord, grouped by handler and error type, most first: a list of dicts
        ``{"handler", "errorType", "count", "chords", "latest": [...], "sample": {"chordId", "index", "message",
        "stackTrace"}}``. ``since`` is a datetime or ISO text (chords created at or after it)."""
        query = []
        if since is not None:
            query.append(("since", since if isinstance(since, str) else since.isoformat()))
        if handler:
            query.append(("handler", handler))
        if error_type:
            query.append(("errorType", error_type))
        for key, value in (labels or {}).items():
            query.append(("label", "%s:%s" % (key, value)))
        _, page = self._call("GET", "/failures?" + urllib.parse.urlencode(query))
        return page["groups"]

    def redrive_many(self, ids=None, status=None, handler=None, labels=None, created_after=None, created_before=None, id=None):  # noqa: A002
        """Starts a bulk redrive in the cluster: the chords ``ids`` names, or (instead) those the conditions select
        among the retained chords created before it starts (at least one condition; as in ``search``). Each failed or
        cancelled chord runs again once; the rest are skipped with why. Returns its Operation at once."""
        return self._start("/chords/redrive", ids, status, handler, labels, created_after, created_before, id)

    def cancel_many(self, ids=None, status=None, handler=None, labels=None, created_after=None, created_before=None, id=None):  # noqa: A002
        """Starts a bulk cancel in the cluster (selected as ``redrive_many``); finished chords are skipped."""
        return self._start("/chords/cancel", ids, status, handler, labels, created_after, created_before, id)

    def operation(self, operation_id):
        """The Operation of an existing bulk operation (ChordNotFound if there is none)."""
        _, snapshot = self._call("GET", "/operations/" + _quote(operation_id))
        return Operation(self, snapshot)

    def operations(self, limit=20):
        """The newest bulk operations (at most 100), newest first, as Operations."""
        _, page = self._call("GET", "/operations?limit=%d" % limit)
        return [Operation(self, item) for item in page["items"]]

    def _start(self, path, ids, status, handler, labels, created_after, created_before, operation_id):
        selection = {"id": operation_id or uuid.uuid4().hex}  # an id of ours: a start tried again finds the first
        if ids is not None:
            selection["ids"] = list(ids)
        else:
            chosen = {"status": status, "handler": handler, "labels": dict(labels) if labels else None}
            for name, when in (("createdAfter", created_after), ("createdBefore", created_before)):
                chosen[name] = when if when is None or isinstance(when, str) else when.isoformat()
            selection["filter"] = {k: v for k, v in chosen.items() if v is not None}
        _, snapshot = self._call("POST", path, selection)
        return Operation(self, snapshot)

    def deliveries(self, chord_id):
        """The chord's webhook events, oldest first: dicts ``{"eventId", "event", "percent", "url", "status",
        "createdAt", "nextAttemptAt", "attempts": [{"at", "durationMs", "statusCode", "response", "error"}]}``."""
        _, page = self._call("GET", "/chords/%s/deliveries" % _quote(chord_id))
        return page["items"]

    def limits(self):
        """Every key and handler with cluster-wide limits in effect: ``{"keys": [...], "handlers": [...]}``, each
        ``{"name", "maxRunning", "ratePerSecond", "burst", "weight", "source"}`` (source ``configuration`` or ``override``)."""
        _, listed = self._call("GET", "/limits")
        return listed

    def set_limit(self, target, name, max_running=None, rate_per_second=None, burst=None, weight=None):
        """Overrides the limits of a ``"key"`` or ``"handler"`` (all of them: one left None no longer limits) on every
        silo within a second; returns the entry. ChordValidationError names each bad field."""
        settings = {"maxRunning": max_running, "ratePerSecond": rate_per_second, "burst": burst, "weight": weight}
        _, entry = self._call("PUT", _limit_path(target, name), {k: v for k, v in settings.items() if v is not None})
        return entry

    def reset_limit(self, target, name):
        """Drops the override of a ``"key"`` or ``"handler"``, so its configured limits apply again; False when it had none."""
        try:
            self._call("DELETE", _limit_path(target, name))
            return True
        except ChordNotFound:
            return False

    def progress_view(self, chord_id):
        """``GET /v1/chords/{id}/progress``: ``{"tasks_completed", "tasks_total", "status", "result"}``."""
        _, view = self._call("GET", "/chords/%s/progress" % _quote(chord_id))
        return view

    # -- plumbing ---------------------------------------------------------------------------------------------------

    def _call(self, method, path, payload=None):
        """One request, tried again while the API is briefly unavailable; returns (status, parsed JSON or None)."""
        last = None
        for attempt in range(self.tries):
            try:
                with self._open(method, path, payload) as response:
                    data = response.read()
                    return response.status, (json.loads(data) if data else None)
            except ChordUnavailable as unavailable:
                last = unavailable
                delay = min(unavailable.retry_after or 1.0, 5.0)
            except (urllib.error.URLError, ConnectionError, http.client.HTTPException, socket.timeout) as failure:
                last = failure
                delay = 0.5 * (attempt + 1)
            if attempt + 1 < self.tries:
                time.sleep(delay)
        raise last

    def _open(self, method, path, payload=None, headers=None, timeout=None):
        request = urllib.request.Request(self.url + _API + path, method=method)
        request.add_header("Accept", "application/json")
        if self.api_key:
            request.add_header("X-Api-Key", self.api_key)
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        data = None
        if payload is not None:
            data = json.dumps(payload).encode("utf-8")
            request.add_header("Content-Type", "application/json")
        try:
            return urllib.request.urlopen(request, data=data, timeout=timeout or self.timeout)
        except urllib.error.HTTPError as error:
            raise _problem(error) from None


class ChordResult:
    """One chord, as Celery's AsyncResult is one task: ``state``, ``ready()``, ``successful()``, ``get()``,
    ``revoke()``, and what Celery cannot say: ``completed_count()`` of ``total`` and a live ``watch()``.
    Every question asks the API again (one O(1) read); ``snapshot`` is the last answer."""

    def __init__(self, client, snapshot):
        self._client = client
        self.snapshot = snapshot
        self.id = snapshot["id"]

    def __repr__(self):
        return "<ChordResult %s %s %d/%d>" % (self.id, _state_of(self.snapshot), self.snapshot["tasks"]["completed"], self.total)

    @property
    def labels(self):
        """The labels the chord was submitted with (an empty dict when none)."""
        return self.snapshot.get("labels") or {}

    @property
    def total(self):
        """How many parallel tasks the chord has."""
        return self.snapshot["tasks"]["total"]

    @property
    def state(self):
        """PENDING, STARTED, RETRY, FAILURE or SUCCESS: the body's state (REVOKED for a chord cancelled before it ran)."""
        return _state_of(self.refresh())

    def completed_count(self):
        """Tasks done so far, in any state (succeeded, failed or cancelled), of ``total``."""
        return self.refresh()["tasks"]["completed"]

    def ready(self):
        """True once the chord has finished (its body's result or failure is in)."""
        return self.refresh()["status"] in _FINAL

    def successful(self):
        """True once the body succeeded."""
        return _state_of(self.refresh()) == "SUCCESS"

    def failed(self):
        """True once the chord ended without a result (failed or cancelled)."""
        return _state_of(self.refresh()) in ("FAILURE", "REVOKED")

    @property
    def next(self):
        """The id of the chord its ``then`` (or ``onFailure``) submitted, once it did; None before or without one."""
        return self.snapshot.get("next")

    @property
    def previous(self):
        """The id of the chord whose continuation submitted this one; None for one a caller submitted."""
        return self.snapshot.get("previous")

    def chain_end(self, timeout=None, grace=5.0):
        """Follows the chain from this chord (each ``next`` in turn) and returns the last link's ChordResult once it is
        final and has no next (``grace`` seconds are given to a finished link to record its next)."""
        link = self
        while True:
            link.wait_final(timeout)
            deadline = time.monotonic() + grace
            while not link.next and not link.snapshot.get("continuationError") and time.monotonic() < deadline:
                time.sleep(0.1)
                link.refresh()
            if not link.next:
                return link
            link = self._client.result(link.next)

    def wait_final(self, timeout=None, interval=0.2):
        """Waits until the chord is final (whatever its outcome); ChordTimeout after ``timeout`` seconds."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.refresh()["status"] not in _FINAL:
            if deadline is not None and time.monotonic() >= deadline:
                raise ChordTimeout("chord %s not final after %s s" % (self.id, timeout))
            time.sleep(interval)
        return self

    def refresh(self):
        """Reads the chord's snapshot again and returns it."""
        _, self.snapshot = self._client._call("GET", "/chords/" + _quote(self.id))
        return self.snapshot

    def get(self, timeout=None, interval=0.2):
        """Waits until the chord finished and returns the body's result (decoded JSON). Raises ChordFailed with the
        body's error (or the first failed task's) when it ended without one, ChordTimeout after ``timeout`` seconds."""
        deadline = None if timeout is None else time.monotonic() + timeout
        wait = min(interval, 0.05)
        while True:
            snapshot = self.refresh()
            if snapshot["status"] in _FINAL:
                return _result_of(snapshot)
            if deadline is not None and time.monotonic() >= deadline:
                raise ChordTimeout("chord %s did not finish within %s s" % (self.id, timeout))
            pause = wait if deadline is None else max(0.0, min(wait, deadline - time.monotonic()))
            time.sleep(pause)
            wait = min(wait * 2, interval)

    wait = get

    def watch(self, reconnects=30):
        """Yields the chord's snapshot on every change, over its event stream, and ends after the final one. A dropped
        connection is resumed where it stopped (``Last-Event-ID``: nothing is missed or repeated); after
        ``reconnects`` failed connections in a row the last error is raised."""
        last_id = None
        retry = 1.0
        failures = 0
        while True:
            headers = {"Accept": "text/event-stream"}
            if last_id is not None:
                headers["Last-Event-ID"] = last_id
            try:
                # Pings come every 15 s on a quiet stream: a read silent for 60 s means the connection is dead.
                response = self._client._open("GET", "/chords/%s/events" % _quote(self.id), headers=headers, timeout=60)
            except (ChordUnavailable, urllib.error.URLError, ConnectionError, http.client.HTTPException, socket.timeout):
                failures += 1
                if failures > reconnects:
                    raise
                time.sleep(retry)
                continue
            with response:
                if response.status == 204:
                    return  # the last connection had the final snapshot already
                try:
                    for event in read_events(response):
                        failures = 0
                        if event.retry is not None:
                            retry = event.retry / 1000.0
                        if event.id is not None:
                            last_id = event.id
                        if event.type in ("progress", "done") and event.data:
                            self.snapshot = json.loads(event.data)
                            yield self.snapshot
                            if event.type == "done":
                                return
                except (OSError, http.client.HTTPException, ValueError):
                    pass  # the connection dropped mid-stream: resume after the last event it carried
            failures += 1
            if failures > reconnects:
                raise ChordError(0, {"title": "the event stream of chord %s kept ending early" % self.id})
            time.sleep(retry)

    def revoke(self):
        """Cancels the chord: pending tasks never start, running ones see their cancellation, the body does not run.
        Returns True if it was accepted (False: the chord had finished already)."""
        _, answer = self._client._call("POST", "/chords/%s/cancel" % _quote(self.id))
        self.snapshot = answer["chord"]
        return bool(answer["accepted"])


class Operation:
    """A bulk redrive or cancel: ``matched``, ``done``, ``skipped`` (``skip_reasons`` counts why) and ``failed``
    chords, and its ``status`` (``running`` or ``completed``). ``wait`` and ``watch`` poll it."""

    def __init__(self, client, snapshot):
        self._client = client
        self.snapshot = snapshot

    def __repr__(self):
        s = self.snapshot
        return "<Operation %s %s %s: %d matched, %d done, %d skipped, %d failed>" % (
            s["id"], s["action"], s["status"], s["matched"], s["done"], s["skipped"], s["failed"])

    id = property(lambda self: self.snapshot["id"])
    action = property(lambda self: self.snapshot["action"])
    status = property(lambda self: self.snapshot["status"])
    matched = property(lambda self: self.snapshot["matched"])
    done = property(lambda self: self.snapshot["done"])
    skipped = property(lambda self: self.snapshot["skipped"])
    failed = property(lambda self: self.snapshot["failed"])
    skip_reasons = property(lambda self: dict(self.snapshot["skipReasons"]))
    skips = property(lambda self: list(self.snapshot["skips"]))
    failures = property(lambda self: list(self.snapshot["failures"]))

    def ready(self):
        """Whether every chord it selected was acted on, skipped or counted as failed."""
        return self.status == "completed"

    def refresh(self):
        _, self.snapshot = self._client._call("GET", "/operations/" + _quote(self.id))
        return self

    def watch(self, interval=0.5):
        """Yields the operation each time its counts change, ending with the completed one."""
        last = None
        while True:
            self.refresh()
            counts = (self.matched, self.done, self.skipped, self.failed, self.status)
            if counts != last:
                yield self
                last = counts
            if self.ready():
                return
            time.sleep(interval)

    def wait(self, timeout=None, interval=0.5):
        """Waits until it completed and returns it; ChordTimeout after ``timeout`` seconds."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while not self.refresh().ready():
            if deadline is not None and time.monotonic() >= deadline:
                raise ChordTimeout("operation %s not completed after %s s" % (self.id, timeout))
            time.sleep(interval)
        return self


def _limit_path(target, name):
    if target not in ("key", "handler"):
        raise ValueError("target is 'key' or 'handler'")
    return "/limits/%ss/%s" % (target, _quote(name))


def _quote(chord_id):
    return urllib.parse.quote(chord_id, safe="")


def _state_of(snapshot):
    if snapshot["status"] == "cancelled" and snapshot["body"]["status"] != "success":
        return "REVOKED"
    return _STATES.get(snapshot["body"]["status"], "PENDING")


def _result_of(snapshot):
    state = _state_of(snapshot)
    if state == "SUCCESS":
        return snapshot["body"].get("result")
    error = snapshot["body"].get("error")
    if not error and snapshot.get("failures"):
        error = snapshot["failures"][0].get("error")
    raise ChordFailed(snapshot["id"], state, error, snapshot)


def _problem(error):
    """An HTTP error answer as the exception for its kind, with its problem details."""
    try:
        problem = json.loads(error.read() or b"{}")
    except ValueError:
        problem = {}
    status = error.code
    if status == 400:
        return ChordValidationError(status, problem)
    if status == 404:
        return ChordNotFound(status, problem)
    if status == 409:
        return ChordConflict(status, problem)
    if status in (429, 503):
        retry_after = error.headers.get("Retry-After")
        return ChordUnavailable(status, problem, float(retry_after) if retry_after and retry_after.isdigit() else None)
    return ChordError(status, problem)
