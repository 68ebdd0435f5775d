"""Headless commands (`debrief letter …`): they run without a window and load QtCore at most.

Take set_identity and resolve_paths from `..paths`, never anything from `..app` or a dialog
module: those pull in the widget stack (tests/e2e/test_letter_cli.py checks every module here).
"""
