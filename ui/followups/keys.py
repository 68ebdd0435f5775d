"""The follow-ups' keys, where both the window's actions and the panel read them (a light
module: the window's menus are made at start without the follow-ups' pages)."""

DRAFT_KEY = "Ctrl+Shift+D"
PLAN_KEY = "Ctrl+Shift+P"
AGENDA_KEY = "Ctrl+2"
