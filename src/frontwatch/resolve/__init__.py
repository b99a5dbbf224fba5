"""Event resolution, corroboration, grading and the control timeline (pure functions over models)."""
from __future__ import annotations

from frontwatch.resolve.baseline import load_baseline
from frontwatch.resolve.cluster import Resolver, resolve_mentions
from frontwatch.resolve.corroboration import make_lookup
from frontwatch.resolve.explain import explain
from frontwatch.resolve.grading import grade_event
from frontwatch.resolve.timeline import control_at, control_timeline, periods_of

__all__ = ["resolve_mentions", "Resolver", "control_timeline", "control_at", "periods_of", "load_baseline",
           "explain", "grade_event", "make_lookup"]
