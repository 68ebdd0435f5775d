"""`debrief letter DEBRIEF_ID --kind summary -o FILE.pdf`: a letter to a file, no window.

Prints plain-words problems on stderr and exits non-zero; never a traceback for an expected
failure (unknown debrief, unwritable file, a database from a newer version).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from debrief.errors import DebriefError
from debrief.letters.drafting import latest_text, produce_letter_pdf
from debrief.letters.pdf import describe_characters, unprintable_characters, write_pdf
from debrief.model import LetterKind
from debrief.resources import resource_path
from debrief.store.database import Store

from ..letters.sender import load_profile
from ..paths import resolve_paths, set_identity


def run_letter_command(args: argparse.Namespace) -> int:
    app = QCoreApplication.instance() or QCoreApplication(sys.argv[:1])
    set_identity(app)
    kind = LetterKind(args.kind)
    try:
        paths = resolve_paths(args.data_dir, create=False)
        if not paths.database.exists():
            raise DebriefError(f"There is no Debrief database in {paths.data_dir}.")
        store = Store.open(paths.database, backup_dir=paths.backups)
    except DebriefError as exc:
        print(f"debrief: can't open your data: {exc}", file=sys.stderr)
        return 1
    try:
        profile = load_profile(store)
        draft = latest_text(store, args.debrief_id, kind, profile, resource_path("letters"))
        fonts = resource_path("fonts")
        bad = unprintable_characters(f"{draft.subject}\n{draft.text}", fonts)
        if bad:
            print(
                "debrief: warning: these characters can't be printed correctly and will show "
                f"as boxes or in the wrong order: {describe_characters(bad)}",
                file=sys.stderr,
            )
        _letter, pdf = produce_letter_pdf(store, args.debrief_id, draft, profile, fonts)
        write_pdf(Path(args.output), pdf, paths.pending_writes)
    except DebriefError as exc:
        print(f"debrief: {exc}", file=sys.stderr)
        return 1
    finally:
        store.close()
    print(f"{kind.label} written to {args.output}")
    return 0
