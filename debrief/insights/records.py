"""The debriefs of a period, read once as plain records: the only SQL in the insights.

Reads every live debrief the filters select with its reasons, criteria, captured lists and
question notes. The report is internal, so internal rows are read too; what is about our own
people is kept apart (`people_notes`, `Reason.about_our_people`) so the report can leave it out.

A question's note is sorted by the question's role (`debrief.meeting.roles`, the one source of
what a question is for), never by its phase or its sensitive flag: a rep's own "How did our
team come across?" counts as our people whether or not it was marked sensitive. The sensitive
flag keeps its privacy meaning on top: a note asked sensitively is never quoted unasked, so a
sensitive question with another role (say, about the competitor) is left out of the quotes.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from debrief.followups.model import FollowupKind, FollowupState, Relationship
from debrief.insights.filters import InsightFilters, name_key
from debrief.meeting.roles import QuestionRole, role_of
from debrief.model import LossReason, Outcome
from debrief.money import format_amount
from debrief.store.database import Store

REASONS = {r.value: r for r in LossReason}
OUTCOMES = {o.value: o for o in Outcome}
_LOST_ON = "COALESCE(d.date_lost, substr(d.created_at, 1, 10))"
# Reasons whose quotes describe our own people when the rep marked them internal.
_PEOPLE_CATEGORIES = {LossReason.SALES_EXPERIENCE, LossReason.RELATIONSHIP}


@dataclass(frozen=True)
class ReasonNote:
    category: LossReason | None  # None: a category this version doesn't know
    is_primary: bool
    confidence: str
    quote: str
    internal: bool

    @property
    def about_our_people(self) -> bool:
        """Feedback on how our people came across: sales experience, or internal trust notes."""
        return self.category == LossReason.SALES_EXPERIENCE or (
            self.internal and self.category in _PEOPLE_CATEGORIES
        )


@dataclass(frozen=True)
class CriterionNote:
    criterion: str
    then_text: str
    now_text: str
    internal: bool


@dataclass(frozen=True)
class LossRecord:
    """One lost deal with everything the insights count."""

    id: str
    account_name: str
    opportunity: str
    lost_on: str  # YYYY-MM-DD: the loss date, or the day it was logged
    outcome: Outcome
    competitor: str
    rep_name: str
    value_minor: int | None
    currency: str
    is_sample: bool
    keep_in_touch: str
    renewal_date: str
    reasons: tuple[ReasonNote, ...] = ()
    criteria: tuple[CriterionNote, ...] = ()
    strengths: tuple[str, ...] = ()  # what the winner does well
    requests: tuple[str, ...] = ()  # what they'd like to see from us
    competitor_notes: tuple[str, ...] = ()  # answers to competitor-role questions (not sensitive)
    people_notes: tuple[str, ...] = ()  # answers to our-people-role questions

    primary_reason: LossReason | None = None  # the first reason marked main

    @property
    def winner(self) -> str:
        """Who won: the competitor's name, or what happened instead."""
        if self.outcome == Outcome.COMPETITOR:
            return self.competitor.strip() or "Competitor not named"
        return self.outcome.label


def read_records(store: Store, filters: InsightFilters) -> list[LossRecord]:
    """Every live debrief the filters select, oldest loss first."""
    where, params = _where(filters)
    db = store.db
    base = _base_rows(store, filters)
    if not base:
        return []
    ids = f"SELECT d.id FROM debriefs d WHERE {where}"
    reasons: dict[str, list[ReasonNote]] = defaultdict(list)
    for r in db.execute(
        "SELECT debrief_id, category, is_primary, confidence, quote, internal FROM loss_reasons"
        f" WHERE debrief_id IN ({ids}) ORDER BY is_primary DESC, rowid",
        params,
    ):
        category = REASONS.get(r[1])
        reasons[r[0]].append(
            ReasonNote(category, bool(r[2]), r[3] or "", (r[4] or "").strip(), bool(r[5]))
        )
    criteria: dict[str, list[CriterionNote]] = defaultdict(list)
    for r in db.execute(
        "SELECT debrief_id, criterion, then_text, now_text, internal FROM criteria"
        f" WHERE debrief_id IN ({ids}) ORDER BY position, rowid",
        params,
    ):
        if (r[1] or "").strip():
            criteria[r[0]].append(
                CriterionNote(r[1].strip(), (r[2] or "").strip(), (r[3] or "").strip(), bool(r[4]))
            )
    captured: dict[tuple[str, str], list[str]] = defaultdict(list)
    for r in db.execute(
        "SELECT debrief_id, kind, text FROM captured_items"
        f" WHERE debrief_id IN ({ids}) ORDER BY position, rowid",
        params,
    ):
        if (r[2] or "").strip():
            captured[(r[0], r[1])].append(r[2].strip())
    people: dict[str, list[str]] = defaultdict(list)
    about_winner: dict[str, list[str]] = defaultdict(list)
    # Only the notes that can count are read (most of a meeting's text is neither about our
    # people nor the competitor); `role_of` still decides, also for rows without a known role.
    known = ", ".join(f"'{r.value}'" for r in QuestionRole)
    for r in db.execute(
        "SELECT debrief_id, phase, sensitive, note, role FROM debrief_questions"
        f" WHERE debrief_id IN ({ids})"
        f" AND (role IN ('{QuestionRole.OUR_PEOPLE.value}', '{QuestionRole.COMPETITOR.value}')"
        f" OR role IS NULL OR role NOT IN ({known}))"
        " AND trim(note) != '' ORDER BY position",
        params,
    ):
        role = role_of(r[4], r[1] or "", bool(r[2]))
        if role is QuestionRole.OUR_PEOPLE:
            people[r[0]].append(r[3].strip())
        elif role is QuestionRole.COMPETITOR and not r[2]:
            about_winner[r[0]].append(r[3].strip())
    return [
        LossRecord(
            id=r[0],
            account_name=r[1] or "",
            opportunity=r[2] or "",
            lost_on=r[3] or "",
            outcome=OUTCOMES.get(r[4], Outcome.UNKNOWN),
            competitor=(r[5] or "").strip(),
            rep_name=(r[6] or "").strip(),
            value_minor=r[7],
            currency=(r[8] or "").strip().upper(),
            is_sample=bool(r[9]),
            keep_in_touch=r[10] or "unknown",
            renewal_date=r[11] or "",
            reasons=tuple(reasons[r[0]]),
            primary_reason=next(
                (n.category for n in reasons[r[0]] if n.is_primary and n.category), None
            ),
            criteria=tuple(criteria[r[0]]),
            strengths=tuple(captured[(r[0], "competitor_strength")]),
            requests=tuple(captured[(r[0], "product_request")]),
            competitor_notes=tuple(about_winner[r[0]]),
            people_notes=tuple(people[r[0]]),
        )
        for r in base
    ]


def _base_rows(store: Store, filters: InsightFilters) -> list[tuple[Any, ...]]:
    """The debriefs' own columns, oldest loss first; rep and competitor are matched by
    `name_key` (any spelling of the name), which SQL can't do."""
    where, params = _where(filters)
    base: list[tuple[Any, ...]] = store.db.execute(
        f"SELECT d.id, a.name, d.opportunity, {_LOST_ON}, d.outcome, d.competitor,"
        " d.rep_name, d.value_minor, d.currency, d.is_sample, d.keep_in_touch,"
        " d.renewal_date FROM debriefs d JOIN accounts a ON a.id = d.account_id"
        f" WHERE {where} ORDER BY {_LOST_ON}, d.created_at, d.id",
        params,
    ).fetchall()
    rep, competitor = name_key(filters.rep), name_key(filters.competitor)
    if rep:
        base = [r for r in base if name_key(r[6] or "") == rep]
    if competitor:
        base = [
            r for r in base if r[4] == Outcome.COMPETITOR and name_key(r[5] or "") == competitor
        ]
    return base


def _where(filters: InsightFilters) -> tuple[str, list[object]]:
    clauses = ["d.deleted_at IS NULL"]
    params: list[object] = []
    if filters.date_from:
        clauses.append(f"{_LOST_ON} >= ?")
        params.append(filters.date_from)
    if filters.date_to:
        clauses.append(f"{_LOST_ON} <= ?")
        params.append(filters.date_to)
    if filters.outcome is not None:
        clauses.append("d.outcome = ?")
        params.append(filters.outcome.value)
    if not filters.include_samples:
        clauses.append("d.is_sample = 0")
    return " AND ".join(clauses), params


def debrief_ids(store: Store, filters: InsightFilters) -> tuple[str, ...]:
    """The debriefs these filters select (the ones the Insights view counts), newest loss first;
    what "Export…" on that view exports."""
    rows = sorted(_base_rows(store, filters), key=lambda r: (r[3] or "", r[0]), reverse=True)
    return tuple(r[0] for r in rows)


def has_samples_only(store: Store) -> bool:
    """Whether the archive holds sample debriefs and nothing else (the view then includes them)."""
    row = store.db.execute(
        "SELECT COALESCE(SUM(is_sample = 1), 0), COALESCE(SUM(is_sample = 0), 0)"
        " FROM debriefs WHERE deleted_at IS NULL"
    ).fetchone()
    return bool(row[0]) and not row[1]


def known_names(store: Store) -> tuple[list[str], list[str]]:
    """Rep and competitor names used on live debriefs, for the filters' pick lists."""

    def names(column: str, extra: str = "") -> list[str]:
        seen: dict[str, str] = {}
        for (value,) in store.db.execute(
            f"SELECT {column} FROM debriefs WHERE deleted_at IS NULL AND trim({column}) != ''"
            f"{extra} GROUP BY {column} ORDER BY COUNT(*) DESC"
        ):
            seen.setdefault(name_key(value), value.strip())
        return sorted(seen.values(), key=str.casefold)

    return names("rep_name"), names("competitor", " AND outcome = 'competitor'")


# Where the relationship stands, in the sentence "Where the relationship stands: won back 2, …".
RELATIONSHIP_WORDS = {r.value: r.label.lower() for r in Relationship}


@dataclass(frozen=True)
class FollowupResults:
    """What the follow-ups after these debriefs came to."""

    planned: int
    done: int
    open: int
    overdue: int
    cancelled: int
    by_kind: tuple[tuple[str, int, int], ...]  # (kind, planned, done)
    relationship: tuple[tuple[str, int], ...]  # ("won back", 2)
    won_back_value: tuple[tuple[str, int, int], ...]  # (currency, total minor, deals)

    @property
    def win_backs(self) -> tuple[int, int]:
        """Win-back approaches planned and done."""
        kind = FollowupKind.WIN_BACK.value
        return next(((p, d) for k, p, d in self.by_kind if k == kind), (0, 0))


def read_followups(store: Store, ids: list[str], today: str) -> FollowupResults | None:
    """Follow-up results for these debriefs, read from the follow-ups' own schema
    (migration m1101_followups: `followups.kind`, `state`, `due`; `relationship` and
    `won_back_value_minor` on debriefs). None only for a database without that table."""
    db = store.db
    if "followups" not in db.table_names():
        return None
    wanted = set(ids)
    done = open_ = overdue = cancelled = 0
    planned_by_kind: dict[str, int] = defaultdict(int)
    done_by_kind: dict[str, int] = defaultdict(int)
    rows = db.execute(
        "SELECT f.debrief_id, f.kind, f.state, f.due FROM followups f"
        " JOIN debriefs d ON d.id = f.debrief_id WHERE d.deleted_at IS NULL"
    ).fetchall()
    planned = 0
    for debrief_id, kind, state, due in rows:
        if debrief_id not in wanted:
            continue
        planned += 1
        planned_by_kind[kind] += 1
        if state == FollowupState.DONE.value:
            done += 1
            done_by_kind[kind] += 1
        elif state == FollowupState.CANCELLED.value:
            cancelled += 1
        else:
            open_ += 1
            if due and due[:10] < today:
                overdue += 1
    counts: dict[str, int] = defaultdict(int)
    money: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row_id, state, minor, currency in db.execute(
        "SELECT id, relationship, won_back_value_minor, currency FROM debriefs"
        " WHERE deleted_at IS NULL"
    ):
        if row_id not in wanted:
            continue
        counts[RELATIONSHIP_WORDS.get(state or "open", str(state))] += 1
        if state == Relationship.WON_BACK.value and minor is not None:
            money[(currency or "").upper() or "—"][0] += minor
            money[(currency or "").upper() or "—"][1] += 1
    return FollowupResults(
        planned=planned,
        done=done,
        open=open_,
        overdue=overdue,
        cancelled=cancelled,
        by_kind=tuple(
            sorted(
                ((k, n, done_by_kind[k]) for k, n in planned_by_kind.items()),
                key=lambda t: -t[1],
            )
        ),
        relationship=tuple(sorted(counts.items(), key=lambda kv: -kv[1])),
        won_back_value=tuple(sorted((c, t, n) for c, (t, n) in money.items())),
    )


def describe_followups(f: FollowupResults | None) -> list[str]:
    """The follow-up results in sentences, for the view and the report alike."""
    if f is None:
        return ["Follow-ups are not tracked in this database yet."]
    lines = [
        f"{f.planned} follow-up{'s' if f.planned != 1 else ''} planned after these losses: "
        f"{f.done} done, {f.open} still to do ({f.overdue} overdue), {f.cancelled} cancelled."
        if f.planned
        else "No follow-ups were planned after these losses."
    ]
    planned, done = f.win_backs
    if planned:
        lines.append(f"Win-back approaches: {planned} planned, {done} made.")
    still_open = RELATIONSHIP_WORDS[Relationship.OPEN.value]
    if any(words != still_open for words, _n in f.relationship):  # something was recorded
        lines.append(
            "Where the relationship stands: "
            + ", ".join(f"{words} {n}" for words, n in f.relationship)
            + "."
        )
    if f.won_back_value:
        lines.append(
            "Won back: "
            + " · ".join(
                f"{format_amount(total, currency)} ({n} deal{'s' if n != 1 else ''})"
                for currency, total, n in f.won_back_value
            )
            + "."
        )
    return lines
