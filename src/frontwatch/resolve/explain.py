"""Why an event is what it is: its merge decisions, mentions, sources and grade, as readable lines."""
from __future__ import annotations

from frontwatch.models import Event
from frontwatch.resolve.merge import denial_keys, ref_key


def explain(event: Event) -> list[str]:
    """Lines for `frontwatch event ID --why`: summary, each merge decision, each mention.
    Plain text without square brackets, so a Rich console does not read any of it as markup."""
    place = event.place.name if event.place else "no place"
    ctl = ""
    if event.control:
        who = event.control.gained_by.name if event.control.gained_by else "unknown"
        ctl = f"; control {event.control.status} by {who}"
    lines = [f"{event.event_id}: {event.type}{'/' + event.mode if event.mode else ''} at {place} "
             f"on {event.date or 'unknown date'} ({event.date_precision or '-'}){ctl}",
             f"certainty {event.certainty}" + (f" (claimed by {event.claimed_by})" if event.claimed_by else ""),
             f"{len(event.mentions)} mention(s), {event.sources} source(s), "
             f"{event.independent_sources} independent; grade {event.grade or '-'}"]
    lines += [f"why: {w}" for w in event.why]
    denied = denial_keys(event)
    for r in event.mentions:
        role = "denies" if ref_key(r) in denied else "reports"
        text = r.text if len(r.text) <= 160 else r.text[:157] + "..."
        lines.append(f"mention {r.article_id}:{r.start}-{r.end} ({r.outlet or 'unknown outlet'}, "
                     f"{r.language or '?'}) {role}: {text}")
    return lines
