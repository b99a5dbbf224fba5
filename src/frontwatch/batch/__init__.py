"""Beyond one machine: the pipeline's stage functions run as a Ray Data job over directories, JSON
lines and WARC files, writing to a database or to Parquet that `frontwatch load` imports.

Ray and warcio come with the `cluster` extra (`pip install 'frontwatch[cluster]'`); nothing here
imports them until a job starts.
"""
from __future__ import annotations

__all__ = ["run_batch", "BatchReport", "load_parquet", "LoadReport", "read_warc"]


def __getattr__(name: str):
    if name in ("run_batch", "BatchReport"):
        from frontwatch.batch import job
        return getattr(job, name)
    if name in ("load_parquet", "LoadReport"):
        from frontwatch.batch import load
        return getattr(load, name)
    if name == "read_warc":
        from frontwatch.batch.warc import read_warc
        return read_warc
    raise AttributeError(name)
