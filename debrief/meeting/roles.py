"""What each question's answer means, so the read-back, letters and insights read answers by
meaning, never by position or wording: a rep's own question set works as well as ours."""

from __future__ import annotations

from debrief.model import LabelledEnum


class QuestionRole(LabelledEnum):
    OPENING = "opening", "Opening"
    BASIS = "basis", "Basis of decision"
    TRIGGER = "trigger", "What triggered it"
    WHO_DECIDED = "who_decided", "Who decided"
    ALTERNATIVES = "alternatives", "Alternatives considered"
    CRITERIA = "criteria", "Criteria then and now"
    FELL_SHORT = "fell_short", "Where we fell short"
    DID_WELL = "did_well", "Where we did well"
    OUR_PEOPLE = "our_people", "Our people (internal)"
    COMPETITOR = "competitor", "The competitor (internal)"
    SAME_PRICE = "same_price", "At the same price"
    LIKE_NEXT = "like_next", "What they'd like next"
    KEEP_IN_TOUCH = "keep_in_touch", "Keep in touch"
    RENEWAL = "renewal", "Renewal"
    SMALLER_BUSINESS = "smaller_business", "Smaller business now"
    CLOSE = "close", "Close"
    OTHER = "other", "Other"

    @property
    def starts_internal(self) -> bool:
        """Answers whose notes start out marked internal (what the customer said about our people
        or the competitor). The rep's Internal flag on each note decides after that."""
        return self in (QuestionRole.OUR_PEOPLE, QuestionRole.COMPETITOR)


# A question without a role (a set saved before roles existed) gets one from its phase.
ROLE_BY_PHASE: dict[str, QuestionRole] = {
    "opening": QuestionRole.OPENING,
    "decision": QuestionRole.BASIS,
    "performance": QuestionRole.FELL_SHORT,
    "competitor": QuestionRole.COMPETITOR,
    "future": QuestionRole.LIKE_NEXT,
    "close": QuestionRole.CLOSE,
}


def role_of(value: object, phase: str, sensitive: bool = False) -> QuestionRole:
    """The stored role, or the best guess for a question saved without one."""
    if isinstance(value, str) and value:
        try:
            return QuestionRole(value)
        except ValueError:
            pass
    if sensitive:
        return QuestionRole.OUR_PEOPLE
    return ROLE_BY_PHASE.get(phase, QuestionRole.OTHER)
