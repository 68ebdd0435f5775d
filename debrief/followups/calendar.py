"""Follow-ups as an iCalendar (.ics) file the rep imports into their calendar.

A calendar entry is customer-facing: the rep may forward it, or send it to the customer as an
invitation. So what an entry says about the debrief and the customer (the customer's name, the
person to call and how to reach them) comes from the customer view
(`debrief.debriefs.customer_view`), the one place the internal rule lives; `calendar_entries`
pairs each follow-up with it. From the follow-up itself come only its own plan: what to do
(channel and purpose), when, and its state. Never the rep's label for the deal, notes, outcome
notes, the relationship or anything about the competitor.

Each follow-up keeps one UID for life and a SEQUENCE that rises with every change, so
importing a newer file updates the entry instead of adding a second one; a done or cancelled
follow-up (or one of a debrief in the trash) goes out as STATUS:CANCELLED so calendars drop
it. A reminder for ourselves (the renewal watch) names nobody and is marked CLASS:PRIVATE.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from debrief import APP_NAME, __version__
from debrief.dates import parse_date
from debrief.debriefs.accounts import get_contact
from debrief.debriefs.customer_view import (
    CustomerContact,
    CustomerParty,
    customer_contact,
    load_customer_party,
)
from debrief.errors import DebriefError, NotFoundError
from debrief.followups.model import Followup, FollowupKind
from debrief.followups.settings import FollowupSettings
from debrief.store.database import Store

UID_DOMAIN = "followups.debrief.invalid"


def followup_uid(followup_id: str) -> str:
    """Stable for the follow-up's whole life (its id never changes)."""
    return f"{followup_id}@{UID_DOMAIN}"


@dataclass(frozen=True)
class CalendarEntry:
    """One follow-up as a calendar shows it: the follow-up's own plan (uid, sequence, date,
    state, channel, purpose) and, from the customer view, who it is with."""

    followup: Followup
    account_name: str  # the customer, as the view names them
    contact: CustomerContact | None  # the person to reach; None for a reminder to ourselves


def _contact_for(store: Store, followup: Followup, view: CustomerParty) -> CustomerContact | None:
    """The follow-up's person, as the view shows them. A follow-up planned for someone other
    than the debrief's contact (the contact changed since) gets the same customer-facing card."""
    if not followup.kind.contacts_customer or not followup.contact_id:
        return None
    if view.contact is not None and view.contact.id == followup.contact_id:
        return view.contact
    try:
        return customer_contact(get_contact(store, followup.contact_id))
    except NotFoundError:
        return None


def calendar_entries(store: Store, followups: Iterable[Followup]) -> list[CalendarEntry]:
    """Each follow-up with who it is with, as the customer view names them (one read per
    debrief, trashed ones included: their follow-ups go out as cancellations and still need a
    title)."""
    views: dict[str, CustomerParty] = {}
    entries = []
    for followup in followups:
        view = views.get(followup.debrief_id)
        if view is None:
            view = views[followup.debrief_id] = load_customer_party(store, followup.debrief_id)
        entries.append(
            CalendarEntry(followup, view.account_name, _contact_for(store, followup, view))
        )
    return entries


def event_title(entry: CalendarEntry) -> str:
    """'Call Jana Novák (Acme Freight): Check in and ask how things are going'."""
    f = entry.followup
    who = entry.account_name
    if entry.contact is not None and entry.contact.name:
        who = f"{entry.contact.name} ({entry.account_name})"
    return f"{f.channel.label} {who}: {f.purpose}"


def event_description(entry: CalendarEntry) -> str:
    lines = [entry.followup.purpose]
    person = entry.contact
    if person is not None and person.name:
        contact = person.name
        if person.title:
            contact += f", {person.title}"
        lines.append(f"Contact: {contact}, {entry.account_name}")
        if person.phone:
            lines.append(f"Phone: {person.phone}")
        if person.email:
            lines.append(f"Email: {person.email}")
    else:
        lines.append(f"Customer: {entry.account_name}")
    return "\n".join(lines)


def calendar_bytes(
    entries: Iterable[CalendarEntry], settings: FollowupSettings, now: datetime | None = None
) -> bytes:
    """One VCALENDAR with a VEVENT (all-day, on the due date) per follow-up."""
    from icalendar import Alarm, Calendar, Event

    stamp = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    cal = Calendar()
    cal.add("prodid", f"-//{APP_NAME}//Follow-ups {__version__}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"{APP_NAME} follow-ups")
    for entry in entries:
        followup = entry.followup
        due = parse_date(followup.due, "due", "due date")
        event = Event()
        event.add("uid", followup_uid(followup.id))
        event.add("dtstamp", stamp)
        event.add("sequence", followup.sequence)
        event.add("dtstart", due)
        event.add("dtend", due + timedelta(days=1))
        event.add("summary", event_title(entry))
        event.add("description", event_description(entry))
        event.add("transp", "TRANSPARENT")
        active = followup.is_open and followup.debrief_live
        event.add("status", "CONFIRMED" if active else "CANCELLED")
        if followup.kind is FollowupKind.RENEWAL_WATCH:
            event.add("class", "PRIVATE")
        if active:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", followup.purpose)
            # Relative to the start of an all-day event: this hour on the day itself.
            alarm.add("trigger", timedelta(hours=settings.alarm_hour))
            event.add_component(alarm)
        cal.add_component(event)
    return bytes(cal.to_ical())


def write_calendar(path: Path, data: bytes) -> Path:
    """Write the whole file or nothing. A symbolic link is written through (not replaced) and
    an existing file keeps its permissions; anything but a regular file is refused."""
    target = Path(path).expanduser()
    try:
        target = target.resolve(strict=False)
        mode = None
        if target.exists():
            info = target.stat()
            if not stat.S_ISREG(info.st_mode):
                raise DebriefError(f"{path} is not a regular file; choose another name.")
            mode = stat.S_IMODE(info.st_mode)
        if not target.parent.is_dir():
            raise DebriefError(f"The folder {target.parent} doesn't exist.")
        fd, tmp = tempfile.mkstemp(prefix=".debrief-", suffix=".ics", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.chmod(tmp, mode if mode is not None else 0o644)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise DebriefError(f"Debrief couldn't save {path}: {exc.strerror or exc}.") from exc
    return target
