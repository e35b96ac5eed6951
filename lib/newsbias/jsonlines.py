"""Reading JSON-lines files record by record, with errors that name the file and the line (gold files, NewsMTSC)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from newsbias.errors import NewsbiasError

# What a record's own check may raise: each is reported with the file and line of the record.
RECORD_ERRORS = (json.JSONDecodeError, KeyError, TypeError, ValueError)


def read_records(path: str | Path, kind: str, parse: Callable[[dict, int], list]) -> list:
    """What ``parse(record, line_number)`` returns for each non-blank line of ``path``, concatenated.

    A missing file, a line that is not JSON, and a record that ``parse`` rejects (by raising one of
    :data:`RECORD_ERRORS`) are :class:`NewsbiasError` naming the file, the line and ``kind`` ("NewsMTSC record").
    """
    path = Path(path)
    if not path.is_file():
        raise NewsbiasError(f"{path}: no such file (expected JSON lines, one {kind} each).")
    found: list = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                found.extend(parse(json.loads(line), number))
            except RECORD_ERRORS as problem:
                raise NewsbiasError(f"{path}, line {number}: not a {kind} ({type(problem).__name__}: {problem}).") from problem
    return found
