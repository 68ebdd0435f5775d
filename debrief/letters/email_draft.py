"""A ready-to-send email draft (.eml) the rep's mail program opens as an editable message.

A mailto: link can't carry an attachment and common mail clients cut it at about 2,000
characters, so a letter goes as an RFC 5322 message marked `X-Unsent: 1` (Outlook, Thunderbird
and Apple Mail open such a file as a draft) with the PDF attached and a short covering note.
"""

from __future__ import annotations

from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formatdate

# Short emails still go by mailto:; beyond this a mail client may cut the link.
MAILTO_LIMIT = 1800


def covering_note(greeting: str, sender_name: str, what: str) -> str:
    """The few lines above an attached letter."""
    lines = [
        greeting,
        "",
        f"Please find attached my {what}. I hope it reflects our conversation fairly; if "
        "anything reads differently from how you see it, I would be glad to hear.",
        "",
        "Kind regards,",
    ]
    if sender_name:
        lines.append(sender_name)
    return "\n".join(lines)


def email_draft(
    *,
    to: str,
    subject: str,
    body: str,
    sender: str = "",
    attachment: bytes | None = None,
    attachment_name: str = "letter.pdf",
) -> bytes:
    """The message as bytes (CRLF line ends, UTF-8), unsent, optionally with a PDF."""
    message = EmailMessage(policy=SMTP)
    message["To"] = to.strip()
    if sender.strip():
        message["From"] = sender.strip()
    message["Subject"] = " ".join(subject.split())
    message["Date"] = formatdate(localtime=True)
    message["X-Unsent"] = "1"
    message.set_content(body.replace("\r\n", "\n"))
    if attachment is not None:
        message.add_attachment(
            attachment, maintype="application", subtype="pdf", filename=attachment_name
        )
    return message.as_bytes()
