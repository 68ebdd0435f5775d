"""What a use case changed: declared inside its transaction, broadcast by the UI's runner.

A use case calls `store.note(ChangeSet.…)` inside `store.atomic()`; the note counts only if that
transaction commits. The UI runs use cases through one runner, which collects the committed notes
and tells every open view, so no caller emits "something changed" by hand.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields


@dataclass(frozen=True)
class ChangeSet:
    debriefs: frozenset[str] = frozenset()  # these debriefs' content changed
    added: frozenset[str] = frozenset()  # created, restored or imported
    removed: frozenset[str] = frozenset()  # moved to the trash or deleted for good
    accounts: frozenset[str] = frozenset()  # customers or their people changed
    letters: frozenset[str] = frozenset()  # debriefs whose kept letters (versions) changed
    followups: frozenset[str] = frozenset()  # debriefs whose follow-ups changed
    question_sets: bool = False
    profile: bool = False  # the sender profile (letterhead)
    settings: bool = False  # app-wide preferences kept in the database

    @classmethod
    def debrief(cls, *ids: str) -> ChangeSet:
        return cls(debriefs=frozenset(ids))

    @classmethod
    def of(cls, **kinds: Iterable[str] | bool) -> ChangeSet:
        """`ChangeSet.of(debriefs=[id], accounts=[acc])`: any field by name."""
        values = {k: (v if isinstance(v, bool) else frozenset(v)) for k, v in kinds.items()}
        return cls(**values)  # type: ignore[arg-type]

    def __or__(self, other: ChangeSet) -> ChangeSet:
        merged = {f.name: getattr(self, f.name) | getattr(other, f.name) for f in fields(ChangeSet)}
        return ChangeSet(**merged)

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(ChangeSet))

    @property
    def listing(self) -> bool:
        """Whether a list of debriefs may show different rows or values."""
        return bool(self.debriefs or self.added or self.removed or self.accounts or self.followups)

    def touches(self, debrief_id: str) -> bool:
        """Whether a view of this one debrief must re-read it (or close, see `removed`)."""
        return debrief_id in (
            self.debriefs | self.added | self.removed | self.letters | self.followups
        )


NOTHING = ChangeSet()
