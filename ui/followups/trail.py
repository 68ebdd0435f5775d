"""The follow-up trail in a customer's history: what was planned, what was done and what came
of it (outcome notes are the rep's own, shown here and never exported)."""

from __future__ import annotations

from debrief.followups.model import Followup, FollowupState

from ..widgets.rich_text import Page, esc
from .wording import short_day


def render_followup_trail(page: Page, followups: list[Followup]) -> None:
    page.heading(f"Follow-ups ({len(followups)})")
    if not followups:
        page.raw(f"<p>{page.muted_text('No follow-ups planned for this customer.')}</p>")
        return
    rows = []
    for f in sorted(followups, key=lambda f: f.done_on or f.due, reverse=True):
        if f.state is FollowupState.DONE:
            state = f"Done {short_day(f.done_on)}" if f.done_on else "Done"
        else:
            state = f.state.label
        outcome = f"<br>{page.muted_text(f.outcome_note)}" if f.outcome_note else ""
        rows.append(
            f"<tr><td>{esc(short_day(f.due))}</td>"
            f"<td>{esc(f.channel.label)}: {esc(f.purpose)}{outcome}</td>"
            f'<td><a href="debrief:{esc(f.debrief_id)}">{esc(f.opportunity)}</a></td>'
            f"<td>{esc(state)}</td></tr>"
        )
    page.raw(
        '<table cellpadding="4"><tr><th align="left">Due</th><th align="left">Follow-up</th>'
        '<th align="left">Deal</th><th align="left">State</th></tr>' + "".join(rows) + "</table>"
    )
