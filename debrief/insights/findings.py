"""Headline findings and suggested actions, each made by a stated rule from the counts.

Nothing here is invented: every finding and every action names the rule that produced it, its
count and the debriefs behind it; an action's wording is a fixed sentence per rule with the
numbers filled in. A finding's supporting quote is the customer's own words as the rep wrote
them down (never a note about our own people unless the reader asked for those).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from debrief.insights import SMALL_SAMPLE
from debrief.insights.aggregate import NO_REASON, Insights, Quote
from debrief.insights.records import REASONS
from debrief.model import LossReason, Outcome

MAX_FINDINGS = 5


@dataclass(frozen=True)
class Rule:
    id: str
    statement: str


@dataclass(frozen=True)
class Finding:
    text: str
    count: int
    of: int  # the count's denominator ("7 of 23")
    quote: Quote | None
    ids: tuple[str, ...]
    rule: Rule

    @property
    def small(self) -> bool:
        return self.of < SMALL_SAMPLE


@dataclass(frozen=True)
class Action:
    text: str
    count: int
    ids: tuple[str, ...]
    rule: Rule


FINDING_RULES = (
    Rule("main-reason", "The main reason recorded most often, out of the losses with one."),
    Rule("top-competitor", "The competitor that won most deals, out of the competitor losses."),
    Rule("no-decision", "Losses that ended with no decision or built in-house, out of all."),
    Rule("top-request", "The product request made in most debriefs (at least two)."),
    Rule(
        "shifted-criterion",
        "The criterion that most often changed since the customer first chose us.",
    ),
)
ACTION_RULES = (
    Rule("reason-share", "A main reason behind at least 3 losses and a quarter of those with one."),
    Rule(
        "competitor-share", "A competitor that won at least 3 deals and 30% of competitor losses."
    ),
    Rule("repeated-request", "A product request made in at least 2 debriefs (the top three)."),
    Rule("no-decision-share", "At least 3 losses, and a quarter of all, ended with no decision."),
    Rule("shifted-criterion", "A criterion that changed since the first purchase in 2+ debriefs."),
    Rule(
        "win-back",
        "Customers who agreed to keep in touch and whose contract renews in the next 18 months.",
    ),
)
_F = {r.id: r for r in FINDING_RULES}
_A = {r.id: r for r in ACTION_RULES}

ACTION_BY_REASON = {
    LossReason.PRICE_VALUE: "Look at how our proposals show value against price; compare the {n} "
    "price and value losses before changing any price.",
    LossReason.PRODUCT_FIT: "Take the {n} product-fit losses to product management, with the "
    "gaps the customers named.",
    LossReason.SERVICE_DELIVERY: "Go through the {n} service and delivery losses with the "
    "delivery lead: in these, customers say we let them down.",
    LossReason.SALES_EXPERIENCE: "Review the {n} sales-experience losses with the sales lead, "
    "privately and without blame.",
    LossReason.RELATIONSHIP: "Build contact beyond the buyer at key accounts: {n} losses came "
    "down to relationship and trust.",
    LossReason.IMPLEMENTATION_RISK: "Make switching to us easy to picture: {n} customers saw too "
    "much implementation risk. Offer a migration plan in the proposal.",
    LossReason.CHANGED_CRITERIA: "Check key accounts' priorities well before renewal: in {n} "
    "losses the customer's criteria or strategy had changed.",
    LossReason.TIMING_BUDGET: "Ask about budget and timing earlier in the sale: {n} losses came "
    "down to timing, budget or no decision.",
}


def plural(n: int, one: str, many: str | None = None) -> str:
    """ "1 debrief", "3 debriefs"."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _pct(n: int, of: int) -> str:
    return f"{round(100 * n / of)}%" if of else "—"


def pick_quote(quotes: Iterable[Quote], people: bool = False) -> Quote | None:
    """A short, recent quote; notes about our people only when the reader asked for them."""
    usable = [q for q in quotes if q.text.strip() and (people or not q.about_our_people)]
    if not usable:
        return None
    short = [q for q in usable if len(q.text) <= 220] or usable
    return max(short, key=lambda q: (q.lost_on, -len(q.text)))


def _reason_quotes(insights: Insights, ids: Iterable[str], category: str) -> list[Quote]:
    return [
        Quote(n.quote, r.id, r.account_name, r.lost_on, n.about_our_people)
        for r in insights.lines(ids)
        for n in r.reasons
        if n.quote and (n.category.value if n.category else "") == category
    ]


def _candidate(
    text: str, count: int, of: int, quotes: list[Quote], ids: tuple[str, ...], rule: Rule
) -> tuple[Finding, list[Quote]]:
    return Finding(text, count, of, None, ids, rule), quotes


def headline_findings(insights: Insights, people: bool = False) -> list[Finding]:
    """Up to five findings, largest count first (rule order among equals)."""
    found: list[tuple[Finding, list[Quote]]] = []
    reasons = [g for g in insights.reasons if g.key != NO_REASON and g.count]
    if reasons:
        top = reasons[0]
        of = insights.with_reason
        tied = [g.label for g in reasons if g.count == top.count]
        subject = (
            f"{top.label} was the main reason"
            if len(tied) == 1
            else f"{_names(tied)} were each the main reason"
            if len(tied) <= 3
            else f"{len(tied)} reasons were each the main reason"
        )
        found.append(
            _candidate(
                f"{subject} in {top.count} of {plural(of, 'loss', 'losses')} with a "
                f"recorded reason ({_pct(top.count, of)}).",
                top.count,
                of,
                _reason_quotes(insights, top.ids, top.key),
                top.ids,
                _F["main-reason"],
            )
        )
    competitors = insights.competitors
    if competitors:
        top_c = competitors[0]
        of = insights.outcome_count(Outcome.COMPETITOR)
        strengths = [
            Quote(g.label, g.ids[0], insights.records[g.ids[0]].account_name, "")
            for g in top_c.strengths
        ]
        tied = [c.name for c in competitors if c.count == top_c.count]
        subject = (
            f"{top_c.name} won"
            if len(tied) == 1
            else f"{_names(tied)} each won"
            if len(tied) <= 3
            else f"{len(tied)} competitors each won"
        )
        found.append(
            _candidate(
                f"{subject} {top_c.count} of the {plural(of, 'deal')} lost to a competitor "
                f"({_pct(top_c.count, of)}).",
                top_c.count,
                of,
                [*top_c.why, *strengths],
                top_c.ids,
                _F["top-competitor"],
            )
        )
    stalled = [
        g for g in insights.outcomes if g.key in (Outcome.NO_DECISION, Outcome.IN_HOUSE) and g.count
    ]
    if stalled:
        ids = tuple(i for g in stalled for i in g.ids)
        words = " and ".join(
            (
                f"{g.count} ended with no decision"
                if g.key == Outcome.NO_DECISION
                else f"{g.count} {'was' if g.count == 1 else 'were'} built in-house"
            )
            for g in stalled
        )
        found.append(
            _candidate(
                f"No competitor won {len(ids)} of "
                f"{plural(insights.total, 'loss', 'losses')}: {words}.",
                len(ids),
                insights.total,
                [
                    Quote(n.quote, r.id, r.account_name, r.lost_on, n.about_our_people)
                    for r in insights.lines(ids)
                    for n in r.reasons
                    if n.quote
                ],
                ids,
                _F["no-decision"],
            )
        )
    requests = [g for g in insights.requests if g.count >= 2]
    if requests:
        top_r = requests[0]
        record = insights.lines(top_r.ids)[0]
        found.append(
            _candidate(
                f"{top_r.count} of {plural(insights.total, 'customer')} asked for the same thing: "
                f"“{top_r.label}”.",
                top_r.count,
                insights.total,
                [Quote(top_r.label, record.id, record.account_name, record.lost_on)],
                top_r.ids,
                _F["top-request"],
            )
        )
    shifted = sorted(
        (c for c in insights.criteria if c.shifted), key=lambda c: (-c.shifted, -c.count)
    )
    if shifted:
        top_s = shifted[0]
        moved = (*top_s.new_ids, *top_s.changed_ids, *top_s.dropped_ids)
        example = next(((t, n, a) for t, n, a in top_s.examples if t or n), None)
        quotes: list[Quote] = []
        if example:
            then, now, account = example
            record = next(r for r in insights.lines(top_s.ids) if r.account_name == account)
            quotes = [
                Quote(
                    f"Then: {then or 'not a criterion'}. Now: {now or 'no longer a criterion'}.",
                    record.id,
                    account,
                    record.lost_on,
                )
            ]
        found.append(
            _candidate(
                f"“{top_s.label}” came up in {plural(top_s.count, 'debrief')}; in "
                f"{top_s.shifted} it had changed since the customer first chose us.",
                top_s.shifted,
                top_s.count,
                quotes,
                tuple(dict.fromkeys(moved)),
                _F["shifted-criterion"],
            )
        )
    order = {r.id: i for i, r in enumerate(FINDING_RULES)}
    found.sort(key=lambda item: (-item[0].count, order[item[0].rule.id]))
    used: set[tuple[str, str]] = set()
    result = []
    for finding, candidates in found[:MAX_FINDINGS]:
        # The same words never support two findings.
        quote = pick_quote((q for q in candidates if (q.debrief_id, q.text) not in used), people)
        if quote is not None:
            used.add((quote.debrief_id, quote.text))
        result.append(replace(finding, quote=quote))
    return result


def suggested_actions(insights: Insights, today: date | None = None) -> list[Action]:
    """Actions the rules call for, in rule order. None when no rule's threshold is met."""
    actions: list[Action] = []
    with_reason = insights.with_reason
    for g in insights.reasons:
        if g.key == NO_REASON or g.count < 3 or 4 * g.count < with_reason:
            continue
        text = ACTION_BY_REASON[REASONS[g.key]].format(n=g.count)
        actions.append(Action(text, g.count, g.ids, _A["reason-share"]))
    competitor_losses = insights.outcome_count(Outcome.COMPETITOR)
    for rival in insights.competitors:
        if rival.count >= 3 and 10 * rival.count >= 3 * competitor_losses:
            praised = ", ".join(f"“{s.label}” ({s.count})" for s in rival.strengths[:3])
            text = f"Brief sales and product on {rival.name}: {rival.count} customers chose them."
            if praised:
                text += f" Start with what customers praise them for: {praised}."
            actions.append(Action(text, rival.count, rival.ids, _A["competitor-share"]))
    for g in [g for g in insights.requests if g.count >= 2][:3]:
        actions.append(
            Action(
                f"Take “{g.label}” to product management: asked for in {g.count} debriefs, "
                "with the customers who asked.",
                g.count,
                g.ids,
                _A["repeated-request"],
            )
        )
    stalled = next(g for g in insights.outcomes if g.key == Outcome.NO_DECISION)
    if stalled.count >= 3 and 4 * stalled.count >= insights.total:
        actions.append(
            Action(
                f"{stalled.count} deals ended with no decision. Check budget, urgency and who "
                "signs earlier in the sale; keep in touch, as these customers may still buy.",
                stalled.count,
                stalled.ids,
                _A["no-decision-share"],
            )
        )
    for c in insights.criteria:
        if c.shifted >= 2:
            actions.append(
                Action(
                    f"Ask about “{c.label}” early in each sale and before renewals: "
                    f"{c.shifted} customers said it had changed since they first chose us.",
                    c.shifted,
                    (*c.new_ids, *c.changed_ids, *c.dropped_ids),
                    _A["shifted-criterion"],
                )
            )
    start = today or date.today()
    horizon = (start + timedelta(days=548)).isoformat()
    renewing = [
        r
        for r in insights.lines(insights.records)
        if r.keep_in_touch == "yes" and start.isoformat() <= r.renewal_date[:10] <= horizon
    ]
    if renewing:
        first = min(r.renewal_date[:10] for r in renewing)
        actions.append(
            Action(
                f"Plan win-back approaches for {plural(len(renewing), 'customer')} who agreed to "
                f"keep in touch and renew in the next 18 months (the first on {first}).",
                len(renewing),
                tuple(r.id for r in renewing),
                _A["win-back"],
            )
        )
    return actions
