"""The follow-ups feature in the window: agenda page, plan, next steps, calendar, settings."""
