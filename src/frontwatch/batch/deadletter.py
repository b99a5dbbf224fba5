"""The dead-letter file: one JSON line per record that could not be read, processed or written."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

__all__ = ["DeadLetters"]

FIELDS = ("source", "code", "reason", "stage", "doc_id")


class DeadLetters:
    """JSON Lines of {source, code, reason, stage (read|process|write), doc_id, at}; created empty."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fh = open(self.path, "w", encoding="utf-8")
        self.count = 0

    def write(self, row: dict) -> None:
        rec = {k: row.get(k) for k in FIELDS}
        rec["at"] = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        self._fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        self._fh.flush()
        self.count += 1

    def close(self) -> None:
        self._fh.close()

    def __enter__(self) -> "DeadLetters":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
