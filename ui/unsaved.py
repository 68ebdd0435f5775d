"""Leaving with text that isn't saved yet: say so, and let the rep try again, keep a copy
elsewhere, or go anyway knowingly.

Every editor's `Autosaver` lives in the Qt object tree of the window it edits in, so the
window finds them with `findChildren` — no registry to keep in step.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from debrief.store.faults import describe_save_fault

from .autosave import Autosaver


def savers_in(root: QObject) -> list[Autosaver]:
    found = root.findChildren(Autosaver)
    return [root, *found] if isinstance(root, Autosaver) else list(found)


def all_savers() -> list[Autosaver]:
    """Every autosaver of every open window."""
    savers: list[Autosaver] = []
    for widget in QApplication.topLevelWidgets():
        for saver in savers_in(widget):
            if saver not in savers:
                savers.append(saver)
    return savers


def anything_unsaved() -> bool:
    """Whether some typed text has not reached the database yet (pending or failing)."""
    return any(saver.has_pending() for saver in all_savers())


def save_typing_first(parent: QWidget | None) -> bool:
    """Write every editor's pending text and wait until it is on disk, before an import reads
    and replaces what is in the database: a text typed before it must never land on top of what
    it brings. False, and said plainly, when some text can't be written yet."""
    savers = all_savers()
    for saver in savers:
        saver.flush()
    failing = [saver for saver in savers if saver.is_failing()]
    if not failing:
        return True
    QMessageBox.warning(
        parent,
        "Nothing was imported",
        "Some text you typed isn't in the database yet, and it has to be written before an "
        f"import.\n\n{failing[0].notice()}",
    )
    return False


def copy_text(savers: list[Autosaver]) -> str:
    """The unsaved text of `savers`, as a plain-text file the rep can keep."""
    stamp = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")
    parts = [f"Text typed in Debrief that was not saved to its database yet (copied {stamp}).", ""]
    for saver in savers:
        for label, text in saver.unsaved():
            parts += [f"== {label} ==", text, ""]
    return "\n".join(parts)


def unsaved_characters(savers: list[Autosaver]) -> int:
    return sum(len(text) for saver in savers for _label, text in saver.unsaved())


def _save_copy(parent: QWidget | None, savers: list[Autosaver]) -> bool:
    """Ask for a file and write the unsaved text to it. True once it is written."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    dialog = QFileDialog(parent, "Save a copy of the unsaved text", folder, "Text files (*.txt)")
    dialog.setObjectName("unsavedCopyDialog")
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setDefaultSuffix("txt")
    dialog.selectFile(f"Debrief unsaved text {datetime.now():%Y-%m-%d %H%M}.txt")
    if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return False
    path = Path(dialog.selectedFiles()[0])
    try:
        with open(path, "w", encoding="utf-8") as file:
            file.write(copy_text(savers))
            file.flush()
    except OSError as exc:
        QMessageBox.warning(
            parent,
            "The copy wasn't saved",
            f"{path} could not be written: {describe_save_fault(exc).cause}. "
            "Your text is still kept here.",
        )
        return False
    return True


def settle_unsaved(parent: QWidget | None, savers: list[Autosaver], leaving: str = "quit") -> bool:
    """Before closing: write what is pending; if some text still can't be saved, ask.

    `leaving` is "quit" (the app) or "close" (one window). True when it is fine to go on.
    """
    while True:
        for saver in savers:
            saver.flush()
        failing = [saver for saver in savers if saver.is_failing()]
        if not failing:
            return True
        go_label = "Quit without it" if leaving == "quit" else "Close without it"
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Some of your text isn't saved",
            failing[0].notice().replace("kept here and saved as soon as it can be", "kept here"),
            QMessageBox.StandardButton.NoButton,
            parent,
        )
        box.setObjectName("unsavedPrompt")
        box.setInformativeText(
            "Try again (once the cause above is dealt with), or save a copy of the text as a "
            "file before you go."
        )
        retry = box.addButton("Try again", QMessageBox.ButtonRole.AcceptRole)
        copy = box.addButton("Save a copy…", QMessageBox.ButtonRole.ActionRole)
        go = box.addButton(go_label, QMessageBox.ButtonRole.DestructiveRole)
        stay = box.addButton(
            "Keep Debrief open" if leaving == "quit" else "Keep it open",
            QMessageBox.ButtonRole.RejectRole,
        )
        box.setDefaultButton(retry)
        box.setEscapeButton(stay)
        box.exec()
        clicked = box.clickedButton()
        box.deleteLater()
        if clicked is retry:
            continue
        if clicked is copy:
            if _save_copy(parent, failing):
                for saver in failing:
                    saver.abandon_unsaved()
                return True
            continue
        if clicked is go and _confirm_loss(parent, failing, go_label):
            for saver in failing:
                saver.abandon_unsaved()
            return True
        if clicked is go:
            continue
        return False


def _confirm_loss(parent: QWidget | None, savers: list[Autosaver], go_label: str) -> bool:
    count = unsaved_characters(savers)
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "Lose the unsaved text?",
        f"{count:,} characters you typed will be lost for good. This can't be undone.",
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    box.setObjectName("unsavedLossWarning")
    lose = box.addButton(f"{go_label} — lose the text", QMessageBox.ButtonRole.DestructiveRole)
    back = box.addButton("Go back", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(back)
    box.setEscapeButton(back)
    box.exec()
    clicked = box.clickedButton()
    box.deleteLater()
    return clicked is lose
