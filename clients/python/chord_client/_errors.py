"""Errors: the API's problem details (RFC 9457) as exceptions, one class per kind a caller handles differently."""


class ChordError(Exception):
    """An answer of the API that is not a success: ``status`` (HTTP), ``problem`` (the problem details, a dict)."""

    def __init__(self, status, problem):
        self.status = status
        self.problem = problem or {}
        message = self.problem.get("detail") or self.problem.get("title") or "HTTP %d" % status
        super().__init__(message)


class ChordValidationError(ChordError):
    """400: the spec (or a query) is invalid; ``errors`` maps each field to its messages. Nothing was created."""

    @property
    def errors(self):
        return self.problem.get("errors") or {}


class ChordNotFound(ChordError):
    """404: no chord has this id (or it was deleted after its retention)."""


class ChordConflict(ChordError):
    """409: the id holds a different spec, or the chord cannot do that now (finished, running, purged)."""


class ChordUnavailable(ChordError):
    """503 (or 429): the cluster cannot answer now; ``retry_after`` is the seconds it asks to wait (or None)."""

    def __init__(self, status, problem, retry_after=None):
        super().__init__(status, problem)
        self.retry_after = retry_after


class ChordTimeout(Exception):
    """``get()`` or ``wait()`` ran out of time before the chord finished."""


class ChordFailed(Exception):
    """The chord ended without a result: ``state`` is FAILURE or REVOKED, ``error`` the body's (or the first failed task's) error."""

    def __init__(self, chord_id, state, error, snapshot):
        self.chord_id = chord_id
        self.state = state
        self.error = error or {}
        self.snapshot = snapshot
        message = self.error.get("message") or "chord %s ended %s" % (chord_id, state)
        super().__init__(message)
