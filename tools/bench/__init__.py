"""Debrief's benchmark: each figure next to its floor, measured in the same run (issue 14).

Run with `make bench` (or `python -m tools.bench`); not part of the shipped package.
"""
