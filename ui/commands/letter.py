"""`debrief letter DEBRIEF_ID --kind KIND -o FILE`: a letter or email to a file, no window.

The file is written first and only then kept as a version (`--no-keep` keeps nothing), so a
failed write never records a letter that didn't leave. The same pre-flight check as the window
runs first: internal text refuses (exit 1, saying where it came from); other findings are
warnings on stderr. Problems are plain words on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from debrief.debriefs.customer_view import load_customer_view
from debrief.errors import DebriefError
from debrief.letters.drafting import (
    check_letter,
    default_filename,
    keep_letter,
    latest_text,
    letter_document,
    template_language,
)
from debrief.letters.email_draft import covering_note, email_draft
from debrief.letters.pdf import render_pdf, write_pdf
from debrief.letters.wording import greeting
from debrief.model import LetterKind
from debrief.resources import resource_path
from debrief.store.database import DB_FILENAME, Store

from ..letters.sender import load_profile
from ..paths import resolve_paths, set_identity

SUFFIXES = {".pdf", ".txt", ".eml"}


def _fail(message: str) -> int:
    print(f"debrief: {message}", file=sys.stderr)
    return 1


def run_letter_command(args: argparse.Namespace) -> int:
    app = QCoreApplication.instance() or QCoreApplication(sys.argv[:1])
    set_identity(app)
    kind = LetterKind(args.kind)
    output = Path(args.output)
    suffix = output.suffix.lower()
    if suffix not in SUFFIXES:
        return _fail(f"write the {kind.label.lower()} to a .pdf, .txt or .eml file.")
    if suffix == ".pdf" and kind.is_email:
        return _fail(f"the {kind.label.lower()} is an email: write it to a .txt or .eml file.")
    try:
        paths = resolve_paths(getattr(args, "data_dir", None), create=False)
        if not paths.database.is_file():
            return _fail(
                f"{paths.data_dir} holds no Debrief data ({DB_FILENAME} is missing). "
                "Check --data-dir."
            )
        store = Store.open(paths.ensure().database, backup_dir=paths.backups)
    except DebriefError as exc:
        return _fail(str(exc))
    try:
        return _write(store, args.debrief_id, kind, output, not args.no_keep, paths.pending_writes)
    except DebriefError as exc:
        return _fail(str(exc))
    finally:
        store.close()


def _write(
    store: Store, debrief_id: str, kind: LetterKind, output: Path, keep: bool, pending: Path
) -> int:
    profile = load_profile(store)
    templates, fonts = resource_path("letters"), resource_path("fonts")
    draft = latest_text(store, debrief_id, kind, profile, templates)
    findings = check_letter(store, debrief_id, draft, profile, templates, fonts)
    blocking = [f for f in findings if f.blocks]
    for finding in findings:
        label = "error" if finding.blocks else "warning"
        print(f"debrief: {label}: {finding.message}", file=sys.stderr)
    if blocking:
        return _fail("nothing was written. Edit the letter in Debrief, then try again.")
    material = load_customer_view(store, debrief_id)
    language = template_language(templates, kind)
    pdf: bytes | None = None
    if not kind.is_email:
        pdf = render_pdf(letter_document(material, draft, profile, language=language), fonts)
    if output.suffix.lower() == ".pdf":
        assert pdf is not None
        write_pdf(output, pdf, pending)
    elif output.suffix.lower() == ".eml":
        body = draft.text
        if pdf is not None:
            body = covering_note(
                greeting(material.salutation, material.contact_name),
                profile.name or material.rep_name,
                kind.label.lower(),
            )
        message = email_draft(
            to=material.contact_email,
            subject=draft.subject,
            body=body,
            sender=profile.email,
            attachment=pdf,
            attachment_name=default_filename(kind, material.account_name),
        )
        write_pdf(output, message, pending)
    else:
        write_pdf(output, f"Subject: {draft.subject}\n\n{draft.text}\n".encode(), pending)
    if keep:
        keep_letter(store, debrief_id, draft, pdf, profile.page_size if pdf else None)
    print(f"{kind.label} written to {output}")
    return 0
