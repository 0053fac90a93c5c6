"""Chord's HTTP API from Python, with the standard library only (Python 3.9 or later).

    from chord_client import ChordClient

    client = ChordClient("http://127.0.0.1:5080")
    result = client.chord(map={"handler": "render-tile", "count": 16}, body={"handler": "stitch-poster"})
    print(result.completed_count(), "/", result.total, result.state)
    print(result.get(timeout=60))
"""

from ._client import ChordClient, ChordResult, Operation
from ._errors import (
    ChordError,
    ChordFailed,
    ChordNotFound,
    ChordConflict,
    ChordTimeout,
    ChordUnavailable,
    ChordValidationError,
)

__all__ = [
    "ChordClient",
    "ChordResult",
    "Operation",
    "ChordError",
    "ChordFailed",
    "ChordNotFound",
    "ChordConflict",
    "ChordTimeout",
    "ChordUnavailable",
    "ChordValidationError",
]
