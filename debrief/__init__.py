"""Debrief's domain core: plain Python, no Qt, so it can be tested and scripted on its own."""

__version__ = "0.1.0"
APP_NAME = "Debrief"
ORG_NAME = "Debrief"
