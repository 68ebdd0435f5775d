"""Settings: who letters come from (name, company, address, logo, signature, page size).

A draft and Save, not autosave into the profile: every letter's letterhead and signature read
the profile, and an open letters window re-renders its preview as soon as the profile changes.
Written keystroke by keystroke, a half-typed company name or address would show up in those
previews and in any letter rendered meanwhile, and Cancel could no longer mean "leave my
letterhead as it was". So the typed details are kept as a form draft (within a second,
offered back after a crash), Esc asks before throwing changes away, and Save changes the
profile in one step through the runner.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from debrief.errors import ValidationError
from debrief.letters.sender_profile import (
    PAGE_SIZES,
    SenderProfile,
    read_image,
    save_sender_profile,
)

from ..forms.form_helpers import FormDialog, keep_draft, save_cancel
from ..operations import Operations, show_problem
from .sender import load_profile

IMAGE_FILTER = "Images (*.png *.jpg *.jpeg)"


class ImagePicker(QWidget):
    """A small preview with Choose… and Remove; holds the image bytes."""

    changed = Signal()

    def __init__(self, what: str, data: bytes | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.what = what
        self.data = data
        self.preview = QLabel()
        self.preview.setFixedSize(160, 48)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setFrameShape(QLabel.Shape.StyledPanel)
        self.choose_button = QPushButton("Choose…")
        self.remove_button = QPushButton("Remove")
        self.choose_button.clicked.connect(self.choose)
        self.remove_button.clicked.connect(lambda: self.set_data(None))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.preview)
        layout.addWidget(self.choose_button)
        layout.addWidget(self.remove_button)
        layout.addStretch()
        self.set_data(data)

    def set_data(self, data: bytes | None) -> None:
        self.data = data
        self.remove_button.setEnabled(data is not None)
        if data is None:
            self.preview.setPixmap(QPixmap())
            self.preview.setText(f"No {self.what}")
        else:
            image = QImage.fromData(data)
            self.preview.setPixmap(
                QPixmap.fromImage(image).scaled(
                    self.preview.size(),
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        self.changed.emit()

    def choose(self) -> QFileDialog:
        dialog = QFileDialog(self, f"Choose a {self.what} image", "", IMAGE_FILTER)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(self.load_file)
        dialog.open()
        return dialog

    def load_file(self, path: str) -> None:
        try:
            self.set_data(read_image(Path(path)))
        except ValidationError as exc:
            show_problem(self, str(exc))


class SenderProfileDialog(FormDialog):
    """Edit the sender profile; saved in the database, so backups carry it."""

    saved = Signal(object)  # SenderProfile

    def __init__(self, ops: Operations, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.store = store = ops.store
        self.setWindowTitle("Sender profile")
        profile = load_profile(store)
        self.name = QLineEdit(profile.name)
        self.title = QLineEdit(profile.title)
        self.company = QLineEdit(profile.company)
        self.address = QPlainTextEdit(profile.address)
        self.address.setTabChangesFocus(True)
        self.address.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.phone = QLineEdit(profile.phone)
        self.email = QLineEdit(profile.email)
        self.page_size = QComboBox()
        for key, label in PAGE_SIZES.items():
            self.page_size.addItem(label, key)
        self.page_size.setCurrentIndex(self.page_size.findData(profile.page_size))
        self.logo = ImagePicker("logo", profile.logo)
        self.signature = ImagePicker("signature", profile.signature)
        self.name.setPlaceholderText("As you sign your letters")
        self.address.setPlaceholderText("Street\nTown and postcode\nCountry")

        form = QFormLayout()
        form.addRow("&Name:", self.name)
        form.addRow("&Title:", self.title)
        form.addRow("&Company:", self.company)
        form.addRow("&Address:", self.address)
        form.addRow("&Phone:", self.phone)
        form.addRow("&Email:", self.email)
        form.addRow("Paper si&ze:", self.page_size)
        form.addRow("Logo:", self.logo)
        form.addRow("Signature:", self.signature)
        note = QLabel(
            "Letters show these details in the letterhead and under your signature. "
            "The logo sits top right; a signature image is placed above your name."
        )
        note.setWordWrap(True)
        self.buttons = save_cancel(self, self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        # The typed details survive a crash; the images are saved only with the profile.
        fields = ("name", "title", "company", "address", "phone", "email", "page_size")
        self.draft = keep_draft(
            self, store, "sender_profile", {f: getattr(self, f) for f in fields}
        )
        self.resize(560, self.sizeHint().height())
        self._images = (profile.logo, profile.signature)

    def has_changes(self) -> bool:
        # a chosen or removed image is a change too (images aren't kept in the draft: the
        # file is still on disk to choose again)
        return super().has_changes() or (self.logo.data, self.signature.data) != self._images

    def profile(self) -> SenderProfile:
        return SenderProfile(
            name=self.name.text(),
            title=self.title.text(),
            company=self.company.text(),
            address=self.address.toPlainText(),
            phone=self.phone.text(),
            email=self.email.text(),
            page_size=self.page_size.currentData(),
            logo=self.logo.data,
            signature=self.signature.data,
        )

    def save(self) -> None:
        profile = self.profile()
        saved = self.ops.run(self, lambda: save_sender_profile(self.store, profile))
        if saved.ok:
            self.saved.emit(saved.unwrap())
            self.accept()
