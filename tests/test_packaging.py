"""The installable app: setup.cfg lists every package folder, and the built wheel works on its own.

The slow test builds the wheel from a copy of the sources, installs it into a fresh virtual
environment outside the checkout and runs the `debrief` command from another folder. To stay
quick and offline it borrows the already installed dependencies (PySide6 is ~250 MB) by putting
this environment's site-packages on the new environment's path *after* its own; the checkout
itself is never on that path, so `debrief`, `debrief_ui` and `debrief_resources` can only come
from the wheel (the test checks where they were loaded from).
"""

from __future__ import annotations

import configparser
import os
import shutil
import sqlite3
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

import debrief
from debrief.samples import SAMPLES
from tests.conftest import ROOT

# Folder in the checkout -> the import name it installs as (see package_dir in setup.cfg).
PACKAGE_FOLDERS = {"debrief": "debrief", "ui": "debrief_ui", "resources": "debrief_resources"}
# What a wheel needs to be built; nothing else of the checkout is copied.
BUILD_INPUTS = ["setup.cfg", "pyproject.toml", "README.md", "LICENSE", *PACKAGE_FOLDERS]
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")


def declared_packages() -> set[str]:
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg")
    return {line.strip() for line in config["options"]["packages"].splitlines() if line.strip()}


def package_folders() -> set[str]:
    found = set()
    for folder, name in PACKAGE_FOLDERS.items():
        base = ROOT / folder
        for path in [base, *base.rglob("*")]:
            if path.is_dir() and path.name != "__pycache__":
                found.add(".".join([name, *path.relative_to(base).parts]))
    return found


def test_setup_cfg_lists_every_package_folder() -> None:
    declared = declared_packages()
    on_disk = package_folders()
    assert declared - on_disk == set(), "listed in setup.cfg but no such folder"
    assert on_disk - declared == set(), "add these folders to `packages =` in setup.cfg"
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg")
    assert config["options.entry_points"]["gui_scripts"].split() == [
        "debrief",
        "=",
        "debrief_ui.entry:main",
    ]


def test_readme_layout_names_every_sub_package() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    layout = readme.split("## Layout", 1)[1].split("\n## ", 1)[0]
    for folder in ("debrief", "ui"):
        for sub in sorted(p for p in (ROOT / folder).iterdir() if (p / "__init__.py").exists()):
            assert f"`{sub.name}/`" in layout, (
                f"README's Layout section: describe {folder}/{sub.name}/"
            )
    for name in ("debrief_ui", "debrief_resources", "package_dir", "importlib.resources"):
        assert name in layout


def run(cmd: list[str | Path], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    done = subprocess.run(
        [str(part) for part in cmd],
        cwd=cwd,
        env={**clean, "QT_QPA_PLATFORM": "offscreen", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, f"{cmd} failed:\n{done.stdout}\n{done.stderr}"
    return done


def build_wheel(tmp_path: Path) -> Path:
    source = tmp_path / "source"
    source.mkdir()
    for name in BUILD_INPUTS:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=SKIP)
        else:
            shutil.copy2(ROOT / name, source / name)
    dist = tmp_path / "dist"
    pip = [sys.executable, "-m", "pip"]
    offline = ["--no-deps", "--no-index", "--quiet"]
    run([*pip, "wheel", *offline, "--no-build-isolation", "-w", dist, source], cwd=tmp_path)
    (wheel,) = dist.glob("debrief-*.whl")
    return wheel


def fresh_venv(tmp_path: Path, wheel: Path) -> Path:
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", venv], cwd=tmp_path)
    python = venv / "bin" / "python"
    pip = [sys.executable, "-m", "pip", "--python", python]
    run([*pip, "install", "--no-deps", "--no-index", "--quiet", wheel], cwd=tmp_path)
    site = Path(
        run(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], tmp_path
        ).stdout.strip()
    )
    # Dependencies: this environment's site-packages, after the venv's own (see the docstring).
    # Its .pth files are not processed from there, so the checkout's editable install stays out.
    borrowed = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "zz_borrowed_dependencies.pth").write_text("\n".join(sorted(borrowed)) + "\n")
    # The wheel's declared requirements (install_requires) are met by what it will run with.
    checked = run([*pip, "check"], cwd=tmp_path)
    assert "No broken requirements found." in checked.stdout
    return venv


@pytest.mark.slow
def test_the_built_wheel_installs_and_runs_outside_the_checkout(tmp_path: Path) -> None:
    wheel = build_wheel(tmp_path)
    top_level = {name.split("/")[0] for name in zipfile.ZipFile(wheel).namelist()}
    assert top_level == {
        "debrief",
        "debrief_ui",
        "debrief_resources",
        f"debrief-{debrief.__version__}.dist-info",
    }
    shipped = zipfile.ZipFile(wheel).namelist()
    for resource in (
        "debrief_resources/fonts/DejaVuSans.ttf",
        "debrief_resources/icons/debrief.svg",
    ):
        assert resource in shipped
    assert any(n.startswith("debrief_resources/question_sets/") for n in shipped)
    assert any(n.startswith("debrief_resources/letters/") for n in shipped)
    assert not any("__pycache__" in n or n.startswith("tests/") for n in shipped)

    venv = fresh_venv(tmp_path, wheel)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    command = venv / "bin" / "debrief"

    where = run(
        [
            venv / "bin" / "python",
            "-c",
            "import importlib.util as u, debrief, debrief_ui, debrief_resources\n"
            "for m in (debrief, debrief_ui, debrief_resources): print(m.__file__)\n"
            "print(u.find_spec('ui'), u.find_spec('main'))",
        ],
        cwd=elsewhere,
    ).stdout.splitlines()
    assert all(line.startswith(str(venv)) for line in where[:3]), where
    assert where[3] == "None None", "no top-level `ui` or `main` module is installed"

    version = run([command, "--version"], cwd=elsewhere)
    assert version.stdout.strip() == f"Debrief {debrief.__version__}"

    data = tmp_path / "data"
    started = run(
        [command, "--data-dir", data, "--demo", "--quit-when-ready", "--no-crash-dialog"],
        cwd=elsewhere,
    )
    assert started.stdout.strip() == (
        f"Debrief {debrief.__version__} ready: {len(SAMPLES)} debriefs listed."
    ), started.stderr
    assert "Traceback" not in started.stderr

    with sqlite3.connect(data / "debrief.sqlite3") as db:
        (debrief_id,) = db.execute(
            "SELECT d.id FROM debriefs d JOIN accounts a ON a.id = d.account_id"
            " WHERE a.name = 'Harbourline Logistics'"
        ).fetchone()
    db.close()
    out = tmp_path / "letter.pdf"
    wrote = run(
        [command, "letter", debrief_id, "--kind", "summary", "-o", out, "--data-dir", data],
        cwd=elsewhere,
    )
    assert "Summary letter written to" in wrote.stdout, wrote.stderr
    reader = PdfReader(out)
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Dear Miriam," in text and "telematics and fuel cards" in text
    assert reader.metadata is not None
    assert reader.metadata.subject == "Summary letter to Harbourline Logistics"
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("DejaVu" in font for font in fonts), fonts  # the shipped font, found installed
