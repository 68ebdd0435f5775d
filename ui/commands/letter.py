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

SUFFIXES = {".pdf", ".txt", ".eml"}


def _fail(message: str) -> int:
    print(f"debrief: {message}", file=sys.stderr)
    return 1


def existing_database(data_dir: str | None) -> Path | str:
    """The database of an existing data folder, or a plain-words reason there is none: a
    command never creates an empty database by mistake (a mistyped --data-dir)."""
    if data_dir:
        folder = Path(data_dir).expanduser()
    else:
        from ..paths import default_data_dir

        folder = default_data_dir()
    if not folder.exists():
        return f"there is no data folder at {folder}. Check --data-dir."
    if not folder.is_dir():
        return f"{folder} is a file, not a data folder. Check --data-dir."
    database = folder / DB_FILENAME
    if not database.is_file():
        return f"{folder} holds no Debrief data ({DB_FILENAME} is missing). Check --data-dir."
    return database


def run_letter_command(args: argparse.Namespace) -> int:
    kind = LetterKind(args.kind)
    output = Path(args.output)
    suffix = output.suffix.lower()
    if suffix not in SUFFIXES:
        return _fail(f"write the {kind.label.lower()} to a .pdf, .txt or .eml file.")
    if suffix == ".pdf" and kind.is_email:
        return _fail(f"the {kind.label.lower()} is an email: write it to a .txt or .eml file.")
    database = existing_database(getattr(args, "data_dir", None))
    if isinstance(database, str):
        return _fail(database)
    try:
        store = Store.open(database, backup_dir=database.parent / "backups")
    except DebriefError as exc:
        return _fail(f"can't open your data: {exc}")
    try:
        return _write(store, args.debrief_id, kind, output, keep=not args.no_keep)
    except DebriefError as exc:
        return _fail(str(exc))
    finally:
        store.close()


def _write(store: Store, debrief_id: str, kind: LetterKind, output: Path, keep: bool) -> int:
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
        write_pdf(output, pdf)
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
        write_pdf(output, message)
    else:
        write_pdf(output, f"Subject: {draft.subject}\n\n{draft.text}\n".encode())
    if keep:
        keep_letter(store, debrief_id, draft, pdf, profile.page_size if pdf else None)
    print(f"{kind.label} written to {output}")
    return 0
