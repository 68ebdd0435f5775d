"""What the main window (the shell) hands each feature, and what it asks of them.

A feature (browsing, meeting mode, letters, …) is built by the main window with a `Shell`: the
store, the one operation runner, the window's settings and a small `Navigation`. It creates its
own pages and actions and exposes them as declared attributes; the main window adds the pages
to its stack and places the actions in its menus in a declared order. Features never import the
main window, add attributes to it, or look anything up on it by name.

Start-up pays only for what the first window shows: a feature is built with the window, but
only its actions (text, shortcut, enabled state) are made then. Its pages, dialogs and the
modules behind them are imported and built (`Lazy`) the first time they are needed: an action
triggered, a debrief opened; a page is handed to the window (`Navigation.add_page`) when built.
A change broadcast concerns only the parts already built.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget

from debrief.debriefs.lifecycle import get_debrief
from debrief.errors import NotFoundError
from debrief.store.database import Store

from .operations import Operations

T = TypeVar("T")


class Lazy(Generic[T]):
    """A part of a feature (a page, a panel) built the first time it is asked for."""

    def __init__(self, build: Callable[[], T]) -> None:
        self._build = build
        self._value: T | None = None

    def get(self) -> T:
        if self._value is None:
            self._value = self._build()
        return self._value

    @property
    def built(self) -> T | None:
        """The part if it was built, else None (a broadcast about it concerns no one yet)."""
        return self._value


class DebriefView(Protocol):
    """A page that may have one debrief in view (or selected): what Ctrl+M and Ctrl+L act on."""

    def current_debrief_id(self) -> str | None: ...


class Navigation(Protocol):
    """What a feature may ask of the window: move between pages and say what happened."""

    def add_page(self, page: QWidget) -> None:
        """Take a page a feature has just built into the window's pages (not shown yet)."""

    def show_page(self, page: QWidget) -> None:
        """Show `page` (added to the window's pages if it is not yet)."""

    def show_list(self) -> None: ...

    def is_current(self, page: QWidget) -> bool: ...

    def current_page(self) -> QWidget | None: ...

    def current_debrief_id(self) -> str | None: ...

    def show_message(self, text: str, timeout_ms: int = 8000) -> None: ...


@dataclass(frozen=True)
class Shell:
    """Everything a feature receives. `parent` is the window, as a plain widget: the parent of
    the feature's dialogs and actions, nothing more."""

    store: Store
    ops: Operations
    settings: QSettings
    nav: Navigation
    parent: QWidget


def closed_because_removed(store: Store, debrief_id: str, what: str) -> str:
    """A calm status-bar line for a view that closed because its debrief went away."""
    try:
        gone = get_debrief(store, debrief_id)
    except NotFoundError:
        return f"Closed {what}: that debrief was deleted."
    label = f"“{gone.account_name} — {gone.opportunity}”"
    if gone.deleted_at:
        return f"Closed {what} of {label}: it was moved to the trash."
    return f"Closed {what} of {label}."
