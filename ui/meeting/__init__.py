"""Meeting mode: prepare, run the debrief meeting with checklist and notes, read back a summary."""
