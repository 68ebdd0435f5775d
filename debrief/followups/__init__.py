"""Follow-ups: the plan after a loss, the agenda that keeps it, and the calendar file."""
