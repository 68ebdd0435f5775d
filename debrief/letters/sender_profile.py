"""Who the letters come from: set once, kept with the data so a restored backup still has it."""

from __future__ import annotations

import io
from dataclasses import dataclass, fields, replace
from pathlib import Path

from reportlab.lib.utils import ImageReader

from debrief.changes import ChangeSet
from debrief.errors import ValidationError
from debrief.store.database import Store

PAGE_SIZES = {"A4": "A4", "Letter": "US Letter"}
_TEXT_FIELDS = ("name", "title", "company", "address", "phone", "email", "page_size")
_PREFIX = "sender."
_MAX_IMAGE_BYTES = 5_000_000


@dataclass(frozen=True)
class SenderProfile:
    name: str = ""
    title: str = ""
    company: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    page_size: str = "A4"
    logo: bytes | None = None
    signature: bytes | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.name or self.company)


def get_sender_profile(store: Store, default_page_size: str = "A4") -> SenderProfile:
    """The saved profile; the page size falls back to the one the caller's locale suggests."""
    db = store.db
    keys = [_PREFIX + f for f in _TEXT_FIELDS]
    values = {
        row["key"][len(_PREFIX) :]: row["value"] or ""
        for row in db.query(
            f"SELECT key, value FROM settings WHERE key IN ({', '.join('?' * len(keys))})", keys
        )
    }
    images = {
        row["key"][len(_PREFIX) :]: row["data"]
        for row in db.query(
            "SELECT key, data FROM assets WHERE key IN (?, ?)",
            [_PREFIX + "logo", _PREFIX + "signature"],
        )
    }
    page_size = values.get("page_size") or default_page_size
    if page_size not in PAGE_SIZES:
        page_size = "A4"
    return SenderProfile(
        **{k: values.get(k, "") for k in _TEXT_FIELDS if k != "page_size"},
        page_size=page_size,
        logo=images.get("logo"),
        signature=images.get("signature"),
    )


def save_sender_profile(store: Store, profile: SenderProfile) -> SenderProfile:
    """Check and store the whole profile in one transaction."""
    cleaned = replace(
        profile,
        **{f.name: getattr(profile, f.name).strip() for f in fields(profile) if f.type == "str"},
    )
    problems: dict[str, str] = {}
    if cleaned.email and "@" not in cleaned.email:
        problems["email"] = "That email address is missing an @."
    if cleaned.page_size not in PAGE_SIZES:
        problems["page_size"] = "Choose A4 or US Letter."
    for name in ("logo", "signature"):
        data = getattr(cleaned, name)
        if data is not None:
            try:
                check_image(data)
            except ValidationError as exc:
                problems[name] = str(exc)
    if problems:
        raise ValidationError(problems)
    with store.atomic() as db:
        db["settings"].upsert_all(
            [{"key": _PREFIX + k, "value": getattr(cleaned, k)} for k in _TEXT_FIELDS], pk="key"
        )
        for name in ("logo", "signature"):
            data = getattr(cleaned, name)
            if data is None:
                db.execute("DELETE FROM assets WHERE key = ?", [_PREFIX + name])
            else:
                db["assets"].upsert(
                    {"key": _PREFIX + name, "data": data, "mime": "image"}, pk="key"
                )
        store.note(ChangeSet(profile=True))
    return cleaned


def check_image(data: bytes) -> None:
    """Raise ValidationError unless `data` is an image a letter can carry."""
    if len(data) > _MAX_IMAGE_BYTES:
        raise ValidationError(
            {"image": "That image is larger than 5 MB; please pick a smaller one."}
        )
    try:
        width, height = ImageReader(io.BytesIO(data)).getSize()
    except Exception as exc:  # reportlab/Pillow raise many types for unreadable images
        raise ValidationError(
            {"image": "That file isn't an image Debrief can read (use PNG or JPEG)."}
        ) from exc
    if width < 1 or height < 1:
        raise ValidationError({"image": "That image is empty."})


def read_image(path: Path) -> bytes:
    """Load and check an image file the rep picked for the logo or signature."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ValidationError({"image": f"Debrief can't read {path}: {exc.strerror}."}) from exc
    check_image(data)
    return data
