"""The place commands under the name `kb.cli` loads (`frontwatch.kb.gazetteer_cli`); see `places_cli`."""
from __future__ import annotations

from frontwatch.kb.places_cli import register

__all__ = ["register"]
