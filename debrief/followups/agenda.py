"""The agenda: accepted follow-ups, and what the rep does with them (done, snooze, reschedule,
cancel), plus the relationship's outcome. Each use case owns its transaction and notes
`ChangeSet(followups=…)`; every change raises the follow-up's SEQUENCE for calendar updates."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from debrief.changes import ChangeSet
from debrief.dates import check_date, iso, parse_date
from debrief.debriefs.lifecycle import advance_status, get_debrief
from debrief.errors import NotFoundError, ValidationError
from debrief.followups.dates import next_working_day, week_end
from debrief.followups.model import (
    Channel,
    Followup,
    FollowupKind,
    FollowupState,
    PlanItem,
    Relationship,
)
from debrief.model import Status, new_id, now_iso
from debrief.money import parse_amount
from debrief.store.database import Store

# Doing a follow-up is a step the rep took; the debrief's status follows it forward.
_REACHED_BY_DOING = {
    FollowupKind.ASK_MEETING: Status.MEETING_REQUESTED,
    FollowupKind.SUMMARY: Status.SUMMARY_SENT,
    FollowupKind.CHECK_IN: Status.FOLLOWING_UP,
    FollowupKind.CUSTOMER_DATE: Status.FOLLOWING_UP,
    FollowupKind.PROMISED: Status.FOLLOWING_UP,
    FollowupKind.CONSOLATION: Status.FOLLOWING_UP,
    FollowupKind.WIN_BACK: Status.FOLLOWING_UP,
}

_SELECT = """
SELECT f.*, d.account_id, a.name AS account_name, d.opportunity,
       d.deleted_at IS NULL AS debrief_live,
       COALESCE(c.name, '') AS contact_name, COALESCE(c.title, '') AS contact_title,
       COALESCE(c.email, '') AS contact_email, COALESCE(c.phone, '') AS contact_phone
FROM followups f
JOIN debriefs d ON d.id = f.debrief_id
JOIN accounts a ON a.id = d.account_id
LEFT JOIN contacts c ON c.id = f.contact_id
"""


def _followup(row: dict[str, object]) -> Followup:
    return Followup(
        id=str(row["id"]),
        debrief_id=str(row["debrief_id"]),
        rule=str(row["rule"] or ""),
        kind=FollowupKind.parse(str(row["kind"]), FollowupKind.OTHER),
        channel=Channel.parse(str(row["channel"]), Channel.CALL),
        due=str(row["due"]),
        purpose=str(row["purpose"] or ""),
        contact_id=str(row["contact_id"]) if row["contact_id"] else None,
        contact_name=str(row["contact_name"] or ""),
        contact_title=str(row["contact_title"] or ""),
        contact_email=str(row["contact_email"] or ""),
        contact_phone=str(row["contact_phone"] or ""),
        state=FollowupState.parse(str(row["state"]), FollowupState.OPEN),
        outcome_note=str(row["outcome_note"] or ""),
        done_on=str(row["done_on"]) if row["done_on"] else None,
        sequence=int(row["sequence"] or 0),  # type: ignore[call-overload]
        created_at=str(row["created_at"]),
        updated_at=str(row["updated_at"]),
        account_id=str(row["account_id"]),
        account_name=str(row["account_name"] or ""),
        opportunity=str(row["opportunity"] or ""),
        debrief_live=bool(row["debrief_live"]),
    )


def _query(store: Store, where: str, params: Sequence[object]) -> list[Followup]:
    sql = f"{_SELECT} WHERE {where} ORDER BY f.due, f.created_at, f.id"
    return [_followup(row) for row in store.db.query(sql, list(params))]


def get_followup(store: Store, followup_id: str) -> Followup:
    found = _query(store, "f.id = ?", [followup_id])
    if not found:
        raise NotFoundError("That follow-up is no longer in the database.")
    return found[0]


def followups_of(store: Store, debrief_id: str) -> list[Followup]:
    """One debrief's follow-ups, every state, by due date."""
    return _query(store, "f.debrief_id = ?", [debrief_id])


def followups_of_account(store: Store, account_id: str) -> list[Followup]:
    """The trail for an account's history: every follow-up of its live debriefs."""
    return _query(store, "d.account_id = ? AND d.deleted_at IS NULL", [account_id])


def all_followups(store: Store) -> list[Followup]:
    """Everything, for the calendar file (closed and trashed ones go out as cancelled)."""
    return _query(store, "1 = 1", [])


def open_followups(store: Store) -> list[Followup]:
    return _query(store, "f.state = 'open' AND d.deleted_at IS NULL", [])


@dataclass(frozen=True)
class Agenda:
    today: date
    overdue: list[Followup]
    this_week: list[Followup]  # today to Sunday
    later: list[Followup]

    @property
    def due_now(self) -> list[Followup]:
        """Overdue and due today: what the window's count shows."""
        return self.overdue + [f for f in self.this_week if f.due <= self.today.isoformat()]

    def __len__(self) -> int:
        return len(self.overdue) + len(self.this_week) + len(self.later)


def agenda(store: Store, today: date) -> Agenda:
    """Open follow-ups of live debriefs: overdue, this week (to Sunday), later."""
    items = open_followups(store)
    day, end = today.isoformat(), week_end(today).isoformat()
    return Agenda(
        today=today,
        overdue=[f for f in items if f.due < day],
        this_week=[f for f in items if day <= f.due <= end],
        later=[f for f in items if f.due > end],
    )


def due_count(store: Store, today: date) -> int:
    """Open follow-ups due today or earlier (live debriefs only)."""
    return int(
        store.conn.execute(
            "SELECT COUNT(*) FROM followups f JOIN debriefs d ON d.id = f.debrief_id"
            " WHERE f.state = 'open' AND d.deleted_at IS NULL AND f.due <= ?",
            [today.isoformat()],
        ).fetchone()[0]
    )


# -- writing ------------------------------------------------------------------------------------


def _check_due(due: str) -> str:
    return parse_date(due, "due", "due date").isoformat()


def accept_plan(store: Store, debrief_id: str, items: Sequence[PlanItem]) -> list[Followup]:
    """Put the accepted (and possibly edited) proposals on the agenda."""
    stamp = now_iso()
    ids: list[str] = []
    with store.atomic() as db:
        debrief = get_debrief(store, debrief_id)
        if debrief.deleted_at:
            raise NotFoundError("That debrief is in the trash; restore it to plan follow-ups.")
        taken = {
            r[0]
            for r in db.execute(
                "SELECT rule FROM followups WHERE debrief_id = ? AND rule != ''", [debrief_id]
            ).fetchall()
        }
        for item in items:
            purpose = " ".join(item.purpose.split())
            if not purpose:
                raise ValidationError({"purpose": "Say in a few words what each follow-up is for."})
            if item.rule and item.rule in taken:
                continue
            customer = item.kind.contacts_customer
            followup_id = new_id()
            db.table("followups").insert(
                {
                    "id": followup_id,
                    "debrief_id": debrief_id,
                    "rule": item.rule,
                    "kind": item.kind.value,
                    "channel": item.channel.value,
                    "due": _check_due(item.due),
                    "purpose": purpose,
                    "contact_id": (item.contact_id or debrief.contact_id) if customer else None,
                    "state": FollowupState.OPEN.value,
                    "sequence": 0,
                    "created_at": stamp,
                    "updated_at": stamp,
                }
            )
            ids.append(followup_id)
            if item.rule:
                taken.add(item.rule)
        db.table("debriefs").update(debrief_id, {"plan_accepted_at": stamp})
        store.note(ChangeSet.of(followups=[debrief_id]))
    return [get_followup(store, i) for i in ids]


def _change(store: Store, followup_id: str, values: dict[str, object]) -> Followup:
    """Update one follow-up, raising its SEQUENCE so calendars take the new version."""
    with store.atomic() as db:
        current = get_followup(store, followup_id)
        db.execute(
            "UPDATE followups SET "
            + ", ".join(f"{column} = ?" for column in values)
            + ", sequence = sequence + 1, updated_at = ? WHERE id = ?",
            [*values.values(), now_iso(), followup_id],
        )
        store.note(ChangeSet.of(followups=[current.debrief_id]))
    return get_followup(store, followup_id)


def reschedule(store: Store, followup_id: str, due: str) -> Followup:
    return _change(store, followup_id, {"due": _check_due(due), "notified_on": None})


def snooze(store: Store, followup_id: str, days: int, today: date) -> Followup:
    """Later by `days` from today (or from its due date, if that is later), on a working day."""
    current = get_followup(store, followup_id)
    start = max(parse_date(current.due, "due", "due date"), today)
    due = next_working_day(start + timedelta(days=days))
    return reschedule(store, followup_id, due.isoformat())


def edit_followup(
    store: Store, followup_id: str, *, purpose: str, channel: Channel, due: str
) -> Followup:
    purpose = " ".join(purpose.split())
    if not purpose:
        raise ValidationError({"purpose": "Say in a few words what the follow-up is for."})
    return _change(
        store,
        followup_id,
        {"purpose": purpose, "channel": channel.value, "due": _check_due(due)},
    )


def mark_done(store: Store, followup_id: str, outcome_note: str, done_on: date) -> Followup:
    """Done, with what came of it (kept internal). The debrief's status follows what was done."""
    with store.atomic():
        current = get_followup(store, followup_id)
        if not current.is_open:
            raise ValidationError({"state": "That follow-up is already closed."})
        done = _change(
            store,
            followup_id,
            {
                "state": FollowupState.DONE.value,
                "outcome_note": outcome_note.strip(),
                "done_on": done_on.isoformat(),
            },
        )
        reached = _REACHED_BY_DOING.get(current.kind)
        if reached is not None:
            advance_status(store, current.debrief_id, reached)
            store.note(ChangeSet.of(debriefs=[current.debrief_id]))
    return done


def cancel_followup(store: Store, followup_id: str, note: str = "") -> Followup:
    current = get_followup(store, followup_id)
    values: dict[str, object] = {"state": FollowupState.CANCELLED.value}
    if note.strip():
        values["outcome_note"] = note.strip()
    if not current.is_open:
        raise ValidationError({"state": "That follow-up is already closed."})
    return _change(store, followup_id, values)


def reopen_followup(store: Store, followup_id: str) -> Followup:
    return _change(store, followup_id, {"state": FollowupState.OPEN.value, "done_on": None})


def due_unnotified(store: Store, today: date) -> list[Followup]:
    """Open follow-ups due by today that the desktop notification hasn't announced yet."""
    return _query(
        store,
        "f.state = 'open' AND d.deleted_at IS NULL AND f.due <= ?"
        " AND (f.notified_on IS NULL OR f.notified_on < f.due)",
        [today.isoformat()],
    )


def mark_notified(store: Store, followup_ids: Sequence[str], today: date) -> None:
    """Remember the announcement (not a change anyone sees, so nothing is broadcast)."""
    with store.atomic() as db:
        for followup_id in followup_ids:
            db.execute(
                "UPDATE followups SET notified_on = ? WHERE id = ?",
                [today.isoformat(), followup_id],
            )


# -- the relationship's outcome -------------------------------------------------------------


@dataclass(frozen=True)
class RelationshipState:
    relationship: Relationship
    on: str | None
    value_minor: int | None
    currency: str


def get_relationship(store: Store, debrief_id: str) -> RelationshipState:
    row = store.db.execute(
        "SELECT relationship, relationship_on, won_back_value_minor, currency FROM debriefs"
        " WHERE id = ?",
        [debrief_id],
    ).fetchone()
    if row is None:
        raise NotFoundError("That debrief is no longer in the database.")
    return RelationshipState(
        Relationship.parse(row[0], Relationship.OPEN),
        row[1],
        row[2],
        row[3] or "",
    )


def _status_from_record(store: Store, debrief_id: str) -> Status:
    """The furthest step the record shows the rep took (used when an outcome is undone)."""
    db = store.db
    done_kinds = {
        r[0]
        for r in db.execute(
            "SELECT kind FROM followups WHERE debrief_id = ? AND state = 'done'", [debrief_id]
        ).fetchall()
    }
    letters = {
        r[0]
        for r in db.execute(
            "SELECT DISTINCT kind FROM letters WHERE debrief_id = ?", [debrief_id]
        ).fetchall()
    }
    meeting = db.execute(
        "SELECT meeting_date IS NOT NULL AND meeting_date != '' FROM debriefs WHERE id = ?",
        [debrief_id],
    ).fetchone()[0]
    by_value = {kind.value: status for kind, status in _REACHED_BY_DOING.items()}
    reached = [by_value[k] for k in done_kinds if k in by_value]
    if "summary" in letters:
        reached.append(Status.SUMMARY_SENT)
    if "follow_up" in letters and "summary" in letters:
        reached.append(Status.FOLLOWING_UP)
    if meeting:
        reached.append(Status.MEETING_HELD)
    if "meeting_request" in letters:
        reached.append(Status.MEETING_REQUESTED)
    order = list(Status)
    return max(reached, key=order.index, default=Status.LOGGED)


def set_relationship(
    store: Store,
    debrief_id: str,
    relationship: Relationship,
    on: str | None = None,
    value: str = "",
    today: date | None = None,
) -> RelationshipState:
    """Record where the relationship stands. Won back and closed end the open follow-ups
    (calendars then drop them); the debrief's status follows only this choice."""
    today = today or date.today()
    problems: dict[str, str] = {}
    day: str | None = None
    if relationship is not Relationship.OPEN:
        parsed = check_date(on, "on", "date", problems) or (None if (on or "").strip() else today)
        if parsed is not None:
            if parsed > today:
                problems["on"] = "That date is in the future."
            day = iso(parsed)
    value_minor = None
    if relationship is Relationship.WON_BACK:
        try:
            value_minor = parse_amount(value)
        except ValidationError as exc:
            problems.update(exc.fields)
    if problems:
        raise ValidationError(problems)
    with store.atomic() as db:
        debrief = get_debrief(store, debrief_id)
        values: dict[str, object] = {
            "relationship": relationship.value,
            "relationship_on": day,
            "won_back_value_minor": value_minor,
            "updated_at": now_iso(),
        }
        if relationship is Relationship.WON_BACK:
            values["status"] = Status.WON_BACK.value
        elif relationship is Relationship.CLOSED:
            values["status"] = Status.CLOSED.value
        elif debrief.status in (Status.WON_BACK, Status.CLOSED):
            values["status"] = _status_from_record(store, debrief_id).value
        db.table("debriefs").update(debrief_id, values)
        if relationship in (Relationship.WON_BACK, Relationship.CLOSED):
            db.execute(
                "UPDATE followups SET state = 'cancelled', sequence = sequence + 1,"
                " updated_at = ? WHERE debrief_id = ? AND state = 'open'",
                [now_iso(), debrief_id],
            )
        store.note(ChangeSet.of(debriefs=[debrief_id], followups=[debrief_id]))
    return get_relationship(store, debrief_id)
