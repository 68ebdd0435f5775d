"""Counting the losses of a period: by outcome, reason, competitor, quarter, value, criteria,
requests and what winners are praised for.

Every group keeps the ids of the debriefs behind it, so a chart's bar can list them and a test
can check each count against the rows. Counts are of debriefs, never of mentions: a customer
who named price twice counts once.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter

from debrief.insights import SMALL_SAMPLE
from debrief.insights.filters import InsightFilters, name_key
from debrief.insights.records import (
    FollowupResults,
    LossRecord,
    read_followups,
    read_records,
)
from debrief.model import LossReason, Outcome
from debrief.store.database import Store

OUTCOME_ORDER = (Outcome.COMPETITOR, Outcome.NO_DECISION, Outcome.IN_HOUSE, Outcome.UNKNOWN)
NO_REASON = "none"
NO_CURRENCY = "—"
# Criteria written this way "then" were not a criterion back then.
_NOT_THEN = {"", "-", "–", "—", "n/a", "na", "none", "not discussed", "not a criterion", "nothing"}


def outcome_words(outcome: str) -> str:
    """How a count reads: "4 lost to a competitor", "2 no decision", "1 built in-house"."""
    if outcome == Outcome.COMPETITOR:
        return "lost to a competitor"
    return Outcome.parse(outcome, Outcome.UNKNOWN).label.lower()


class _Counted:
    """A figure with the debriefs behind it: how many, and whether too few to read much into."""

    ids: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.ids)

    @property
    def small(self) -> bool:
        return self.count < SMALL_SAMPLE


@dataclass(frozen=True)
class Part:
    """The debriefs of one outcome inside a group (a segment of a stacked bar)."""

    outcome: Outcome
    ids: tuple[str, ...]


@dataclass(frozen=True)
class Group(_Counted):
    key: str
    label: str
    ids: tuple[str, ...]
    parts: tuple[Part, ...] = ()


@dataclass(frozen=True)
class Quote:
    text: str
    debrief_id: str
    account_name: str
    lost_on: str
    about_our_people: bool = False


@dataclass(frozen=True)
class Money:
    currency: str
    total_minor: int
    count: int


@dataclass(frozen=True)
class ValueRow:
    """Value lost in one currency (amounts in different currencies are never added up)."""

    currency: str
    by_outcome: tuple[tuple[Outcome, Money], ...]
    total: Money


@dataclass(frozen=True)
class CompetitorInsight(_Counted):
    name: str
    ids: tuple[str, ...]
    value: tuple[Money, ...]
    reasons: tuple[Group, ...]  # main reasons in the deals they won
    strengths: tuple[Group, ...]  # what customers said they do well
    why: tuple[Quote, ...]  # why customers chose them, in their words


@dataclass(frozen=True)
class CriterionInsight(_Counted):
    """A buying criterion and how it moved between the first purchase and this decision."""

    label: str
    ids: tuple[str, ...]
    new_ids: tuple[str, ...]  # not a criterion then, one now
    changed_ids: tuple[str, ...]  # both written, and different
    dropped_ids: tuple[str, ...]  # a criterion then, no longer now
    examples: tuple[tuple[str, str, str], ...]  # (then, now, customer)

    @property
    def shifted(self) -> int:
        return len(self.new_ids) + len(self.changed_ids) + len(self.dropped_ids)


@dataclass(frozen=True)
class Insights:
    filters: InsightFilters
    records: dict[str, LossRecord]
    outcomes: tuple[Group, ...]
    reasons: tuple[Group, ...]  # main reason, split by outcome
    reasons_any: tuple[Group, ...]  # main or secondary
    competitors: tuple[CompetitorInsight, ...]
    quarters: tuple[Group, ...]
    value: tuple[ValueRow, ...]
    without_value: tuple[str, ...]
    criteria: tuple[CriterionInsight, ...]
    requests: tuple[Group, ...]
    praise: tuple[tuple[str, tuple[Group, ...]], ...]  # (winner, what they are praised for)
    followups: FollowupResults | None
    people_notes: tuple[Quote, ...] = field(default=())

    @property
    def total(self) -> int:
        return len(self.records)

    @property
    def small(self) -> bool:
        return self.total < SMALL_SAMPLE

    def outcome_count(self, outcome: Outcome) -> int:
        return next(g.count for g in self.outcomes if g.key == outcome.value)

    @property
    def with_reason(self) -> int:
        return sum(g.count for g in self.reasons if g.key != NO_REASON)

    def lines(self, ids: Iterable[str]) -> list[LossRecord]:
        """The records behind a group, newest loss first."""
        found = [self.records[i] for i in ids if i in self.records]
        return sorted(found, key=lambda r: (r.lost_on, r.id), reverse=True)


def build_insights(store: Store, filters: InsightFilters, today: date | None = None) -> Insights:
    """Read the period's debriefs and count them every way the view and the report show."""
    records = read_records(store, filters)
    today_iso = (today or date.today()).isoformat()
    followups = read_followups(store, [r.id for r in records], today_iso)
    return count_insights(filters, records, followups)


def count_insights(
    filters: InsightFilters,
    records: list[LossRecord],
    followups: FollowupResults | None = None,
    check: Callable[[], None] = lambda: None,
) -> Insights:
    """Count the records every way. `check()` runs between the steps: a worker thread passes
    one that raises when the count is called off, so it stops within one step."""
    keys = _Keys()
    parts = _parts(records)
    reasons, reasons_any = _by_reason(records), _by_any_reason(records)
    check()
    competitors = _by_competitor(records, keys)
    check()
    quarters, value = _by_quarter(records), _value(records)
    criteria = _criteria(records, keys)
    check()
    requests = _phrases(((r.id, t) for r in records for t in r.requests), keys)
    check()
    praise = _praise(records, keys)
    check()
    return Insights(
        filters=filters,
        records={r.id: r for r in records},
        outcomes=tuple(Group(p.outcome.value, p.outcome.label, p.ids) for p in parts),
        reasons=reasons,
        reasons_any=reasons_any,
        competitors=competitors,
        quarters=quarters,
        value=value,
        without_value=_ids(r for r in records if r.value_minor is None),
        criteria=criteria,
        requests=requests,
        praise=praise,
        followups=followups,
        people_notes=tuple(
            Quote(note, r.id, r.account_name, r.lost_on, about_our_people=True)
            for r in records
            for note in r.people_notes
        )
        + tuple(
            Quote(reason.quote, r.id, r.account_name, r.lost_on, about_our_people=True)
            for r in records
            for reason in r.reasons
            if reason.about_our_people and reason.quote
        ),
    )


# -- helpers ------------------------------------------------------------------------------------


def _ids(records: Iterable[LossRecord]) -> tuple[str, ...]:
    return tuple(r.id for r in records)


def _parts(records: list[LossRecord]) -> tuple[Part, ...]:
    split: dict[Outcome, list[str]] = {o: [] for o in OUTCOME_ORDER}
    for r in records:
        split[r.outcome].append(r.id)
    return tuple(Part(o, tuple(split[o])) for o in OUTCOME_ORDER)


def _by_reason(records: list[LossRecord]) -> tuple[Group, ...]:
    buckets: dict[LossReason | None, list[LossRecord]] = defaultdict(list)
    for r in records:
        buckets[r.primary_reason].append(r)
    groups = [
        Group(reason.value, reason.label, _ids(buckets[reason]), _parts(buckets[reason]))
        for reason in LossReason
    ]
    groups.sort(key=lambda g: -g.count)  # stable: ties keep the taxonomy's order
    if buckets[None]:
        groups.append(
            Group(NO_REASON, "No main reason recorded", _ids(buckets[None]), _parts(buckets[None]))
        )
    return tuple(groups)


def _by_any_reason(records: list[LossRecord]) -> tuple[Group, ...]:
    buckets: dict[LossReason, list[str]] = {reason: [] for reason in LossReason}
    for r in records:
        for category in dict.fromkeys(n.category for n in r.reasons if n.category):
            buckets[category].append(r.id)
    groups = [Group(reason.value, reason.label, tuple(buckets[reason])) for reason in LossReason]
    groups.sort(key=lambda g: -g.count)
    return tuple(groups)


def _quarter(lost_on: str) -> tuple[int, int]:
    year, month = int(lost_on[:4]), int(lost_on[5:7])
    return year, (month - 1) // 3 + 1


def _by_quarter(records: list[LossRecord]) -> tuple[Group, ...]:
    """Every quarter from the first loss to the last, empty quarters included."""
    dated = [r for r in records if len(r.lost_on) >= 7 and r.lost_on[:4].isdigit()]
    if not dated:
        return ()
    buckets: dict[tuple[int, int], list[LossRecord]] = defaultdict(list)
    for r in dated:
        buckets[_quarter(r.lost_on)].append(r)
    (year, q), last = min(buckets), max(buckets)
    groups = []
    while (year, q) <= last:
        rows = buckets[(year, q)]
        groups.append(Group(f"{year}-Q{q}", f"Q{q} {year}", _ids(rows), _parts(rows)))
        year, q = (year + 1, 1) if q == 4 else (year, q + 1)
    return tuple(groups)


def _money(currency: str, records: list[LossRecord]) -> Money:
    valued = [r for r in records if r.value_minor is not None]
    return Money(currency, sum(r.value_minor or 0 for r in valued), len(valued))


def _value(records: list[LossRecord]) -> tuple[ValueRow, ...]:
    by_currency: dict[str, list[LossRecord]] = defaultdict(list)
    for r in records:
        if r.value_minor is not None:
            by_currency[r.currency or NO_CURRENCY].append(r)
    rows = [
        ValueRow(
            currency,
            tuple(
                (o, _money(currency, [r for r in rows if r.outcome == o])) for o in OUTCOME_ORDER
            ),
            _money(currency, rows),
        )
        for currency, rows in by_currency.items()
    ]
    rows.sort(key=lambda v: (-v.total.count, v.currency))
    return tuple(rows)


def _spelling(counter: Mapping[str, int]) -> str:
    """The spelling most people used (the first seen among equals)."""
    if len(counter) == 1:
        return next(iter(counter))
    return max(counter.items(), key=itemgetter(1))[0]  # max keeps the first of equals


class _Keys(dict[str, str]):
    """`name_key` remembered for one count: the same phrases are grouped per competitor, per
    winner and overall, and the same criteria recur in most debriefs."""

    def __missing__(self, text: str) -> str:
        key = self[text] = name_key(text)
        return key


def _phrases(pairs: Iterable[tuple[str, str]], keys: _Keys) -> tuple[Group, ...]:
    """Group free-text phrases by their normalised form; count debriefs, not mentions."""
    ids: dict[str, dict[str, None]] = {}
    spellings: dict[str, dict[str, int]] = {}
    for debrief_id, text in pairs:
        key = keys[text]
        if not key:
            continue
        spelled = text.strip()
        seen = spellings.get(key)
        if seen is None:
            spellings[key] = {spelled: 1}
            ids[key] = {debrief_id: None}
        else:
            seen[spelled] = seen.get(spelled, 0) + 1
            ids[key][debrief_id] = None
    groups = [Group(k, _spelling(spellings[k]), tuple(v)) for k, v in ids.items()]
    groups.sort(key=lambda g: (-g.count, g.label.casefold()))
    return tuple(groups)


def _by_competitor(records: list[LossRecord], keys: _Keys) -> tuple[CompetitorInsight, ...]:
    lost = [r for r in records if r.outcome == Outcome.COMPETITOR]
    buckets: dict[str, list[LossRecord]] = defaultdict(list)
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for r in lost:
        key = name_key(r.competitor)
        buckets[key].append(r)
        spellings[key][r.winner] += 1
    result = []
    for key, rows in buckets.items():
        currencies = sorted({r.currency or NO_CURRENCY for r in rows if r.value_minor is not None})
        why = [
            Quote(note, r.id, r.account_name, r.lost_on)
            for r in rows
            for note in r.competitor_notes
        ] + [
            Quote(n.quote, r.id, r.account_name, r.lost_on, n.about_our_people)
            for r in rows
            for n in r.reasons
            if n.is_primary and n.quote
        ]
        result.append(
            CompetitorInsight(
                name=_spelling(spellings[key]),
                ids=_ids(rows),
                value=tuple(
                    _money(c, [r for r in rows if (r.currency or NO_CURRENCY) == c])
                    for c in currencies
                ),
                reasons=tuple(g for g in _by_reason(rows) if g.count),
                strengths=_phrases(((r.id, t) for r in rows for t in r.strengths), keys),
                why=tuple(why),
            )
        )
    result.sort(key=lambda c: (-c.count, c.name.casefold()))
    return tuple(result)


def _praise(records: list[LossRecord], keys: _Keys) -> tuple[tuple[str, tuple[Group, ...]], ...]:
    """What each winner (a competitor, or the customer's own team) is praised for."""
    by_winner: dict[str, list[LossRecord]] = defaultdict(list)
    names: dict[str, Counter[str]] = defaultdict(Counter)
    for r in records:
        if r.strengths:
            key = name_key(r.winner)
            by_winner[key].append(r)
            names[key][r.winner] += 1
    result = [
        (_spelling(names[k]), _phrases(((r.id, t) for r in rows for t in r.strengths), keys))
        for k, rows in by_winner.items()
    ]
    result.sort(key=lambda item: (-sum(g.count for g in item[1]), item[0].casefold()))
    return tuple(result)


def _criteria(records: list[LossRecord], keys: _Keys) -> tuple[CriterionInsight, ...]:
    ids: dict[str, dict[str, None]] = defaultdict(dict)
    new: dict[str, dict[str, None]] = defaultdict(dict)
    changed: dict[str, dict[str, None]] = defaultdict(dict)
    dropped: dict[str, dict[str, None]] = defaultdict(dict)
    examples: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for r in records:
        for c in r.criteria:
            key = keys[c.criterion]
            if not key:
                continue
            ids[key][r.id] = None
            spellings[key][c.criterion] += 1
            then_key, now_key = keys[c.then_text], keys[c.now_text]
            was, is_ = then_key not in _NOT_THEN, now_key not in _NOT_THEN
            if is_ and not was:
                new[key][r.id] = None
            elif was and not is_:
                dropped[key][r.id] = None
            elif was and is_ and then_key != now_key:
                changed[key][r.id] = None
            if (c.then_text or c.now_text) and len(examples[key]) < 3:
                examples[key].append((c.then_text, c.now_text, r.account_name))
    result = [
        CriterionInsight(
            label=_spelling(spellings[k]),
            ids=tuple(v),
            new_ids=tuple(new[k]),
            changed_ids=tuple(changed[k]),
            dropped_ids=tuple(dropped[k]),
            examples=tuple(examples[k]),
        )
        for k, v in ids.items()
    ]
    result.sort(key=lambda c: (-c.count, -c.shifted, c.label.casefold()))
    return tuple(result)
