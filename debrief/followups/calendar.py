"""Follow-ups as an iCalendar (.ics) file the rep imports into their calendar.

Only the purpose and the contact go in: never the deal's internal name, notes, outcome notes or
anything about the competitor. Each follow-up keeps one UID for life and a SEQUENCE that rises
with every change, so importing a newer file updates the entry instead of adding a second one;
a done or cancelled follow-up goes out as STATUS:CANCELLED so calendars drop it.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from debrief import APP_NAME, __version__
from debrief.dates import parse_date
from debrief.errors import DebriefError
from debrief.followups.model import Followup, FollowupKind
from debrief.followups.settings import FollowupSettings

UID_DOMAIN = "followups.debrief.invalid"


def followup_uid(followup_id: str) -> str:
    """Stable for the follow-up's whole life (its id never changes)."""
    return f"{followup_id}@{UID_DOMAIN}"


def event_title(followup: Followup) -> str:
    """'Call Jana Novák (Acme Freight): Check in and ask how things are going'."""
    who = followup.account_name
    if followup.kind.contacts_customer and followup.contact_name:
        who = f"{followup.contact_name} ({followup.account_name})"
    return f"{followup.channel.label} {who}: {followup.purpose}"


def event_description(followup: Followup) -> str:
    lines = [followup.purpose]
    if followup.kind.contacts_customer and followup.contact_name:
        contact = followup.contact_name
        if followup.contact_title:
            contact += f", {followup.contact_title}"
        lines.append(f"Contact: {contact}, {followup.account_name}")
        if followup.contact_phone:
            lines.append(f"Phone: {followup.contact_phone}")
        if followup.contact_email:
            lines.append(f"Email: {followup.contact_email}")
    else:
        lines.append(f"Customer: {followup.account_name}")
    return "\n".join(lines)


def calendar_bytes(
    followups: Iterable[Followup], settings: FollowupSettings, now: datetime | None = None
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
    for followup in followups:
        due = parse_date(followup.due, "due", "due date")
        event = Event()
        event.add("uid", followup_uid(followup.id))
        event.add("dtstamp", stamp)
        event.add("sequence", followup.sequence)
        event.add("dtstart", due)
        event.add("dtend", due + timedelta(days=1))
        event.add("summary", event_title(followup))
        event.add("description", event_description(followup))
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
