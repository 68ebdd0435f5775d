"""Import a Debrief JSON export: check it, show what would happen, back up, merge in one go.

`preview_import` reads and checks the file and returns the plan (nothing is written);
`run_import` takes a backup of the database, then merges inside one transaction (`apply_plan`:
re-planned under the write lock if anything was written since the preview, so an edit made while
the rep read the preview is not overwritten blindly).
A rejected file leaves the database exactly as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from debrief.exchange.merge import Applied, ImportPlan, apply_plan, plan_import
from debrief.exchange.snapshot import Progress, no_progress
from debrief.exchange.validation import read_export
from debrief.store.database import Store


@dataclass(frozen=True)
class ImportResult:
    applied: Applied
    backup: Path | None  # None when there was nothing to change

    def summary(self) -> list[str]:
        lines = []
        for label, counts in (
            ("Debriefs", self.applied.debriefs),
            ("Customers", self.applied.accounts),
            ("People", self.applied.contacts),
        ):
            lines.append(
                f"{label}: {counts.new} new, {counts.updated} updated, {counts.unchanged} "
                f"unchanged, {counts.skipped} skipped as older"
            )
        return lines


def preview_import(store: Store, path: Path, progress: Progress = no_progress) -> ImportPlan:
    """Read and check the file; what importing it would do. Writes nothing."""
    file = read_export(store, Path(path), progress)
    return plan_import(store, file)


def backup_before_import(store: Store, backup_dir: Path) -> Path:
    """The one place an import takes its backup: the store's own backups (consistent, private,
    kept to the same bounded number as the others)."""
    return store.backup("before-import", folder=backup_dir)


def run_import(
    store: Store, plan: ImportPlan, backup_dir: Path, progress: Progress = no_progress
) -> ImportResult:
    """Back up, then merge the previewed file in one transaction."""
    backup = None
    if plan.changes_anything:
        progress("Backing up", 0, 1)
        backup = backup_before_import(store, backup_dir)
    return ImportResult(apply_plan(store, plan, progress), backup)
