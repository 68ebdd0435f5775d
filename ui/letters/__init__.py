"""Letters in the app: the letters dialog, the sender profile, printing and the `letter` command."""
