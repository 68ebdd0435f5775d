"""Follow-up defaults, kept in the database so the app, the commands and a restored backup all
read the same values (declared once here, with their types and defaults)."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from debrief.changes import ChangeSet
from debrief.errors import ValidationError
from debrief.store.database import Store

_PREFIX = "followups."


@dataclass(frozen=True)
class FollowupSettings:
    ask_meeting_working_days: int = 3  # after the loss notice: ask for the meeting
    summary_working_days: int = 2  # after the meeting: the summary letter
    first_check_in_months: int = 3
    second_check_in_months: int = 6  # 0: only one check-in
    win_back_months_before_renewal: int = 12
    renewal_watch: bool = True  # "keep in touch: No" still gets an internal renewal reminder
    alarm_hour: int = 9  # the calendar alarm rings at this hour on the day

    def check(self) -> FollowupSettings:
        problems: dict[str, str] = {}
        if not 0 <= self.ask_meeting_working_days <= 30:
            problems["ask_meeting_working_days"] = (
                "Ask for the meeting within 0 to 30 working days."
            )
        if not 0 <= self.summary_working_days <= 30:
            problems["summary_working_days"] = "Send the summary within 0 to 30 working days."
        if not 1 <= self.first_check_in_months <= 24:
            problems["first_check_in_months"] = "The first check-in comes after 1 to 24 months."
        if self.second_check_in_months and not (
            self.first_check_in_months < self.second_check_in_months <= 36
        ):
            problems["second_check_in_months"] = (
                "The second check-in comes after the first, within 36 months (or 0 for none)."
            )
        if not 1 <= self.win_back_months_before_renewal <= 36:
            problems["win_back_months_before_renewal"] = (
                "Start the win-back 1 to 36 months before the renewal."
            )
        if not 0 <= self.alarm_hour <= 23:
            problems["alarm_hour"] = "The alarm hour is between 0 and 23."
        if problems:
            raise ValidationError(problems)
        return self


def get_followup_settings(store: Store) -> FollowupSettings:
    stored = {
        row["key"][len(_PREFIX) :]: row["value"]
        for row in store.db.query(
            "SELECT key, value FROM settings WHERE key LIKE ?", [_PREFIX + "%"]
        )
    }
    result = FollowupSettings()
    for f in fields(FollowupSettings):
        raw = stored.get(f.name)
        if raw is None:
            continue
        try:
            value: int | bool = raw == "1" if f.type in (bool, "bool") else int(raw)
        except ValueError:
            continue  # a damaged value falls back to the default
        candidate = replace(result, **{f.name: value})  # type: ignore[arg-type]
        try:
            result = candidate.check()
        except ValidationError:
            continue
    return result


def save_followup_settings(store: Store, settings: FollowupSettings) -> FollowupSettings:
    settings.check()
    with store.atomic() as db:
        db.table("settings").upsert_all(
            [
                {
                    "key": _PREFIX + f.name,
                    "value": _text(getattr(settings, f.name)),
                }
                for f in fields(FollowupSettings)
            ],
            pk="key",
        )
        store.note(ChangeSet.of(settings=True))
    return get_followup_settings(store)


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)
