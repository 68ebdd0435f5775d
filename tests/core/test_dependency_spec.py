"""setup.cfg must never give CPython 3.11 PySide6 6.12.0 (it aborts the interpreter)."""

from __future__ import annotations

import configparser

import pytest
from packaging.requirements import Requirement

from tests.conftest import ROOT


def _requirements() -> list[Requirement]:
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "setup.cfg", encoding="utf-8")
    lines = cfg["options"]["install_requires"].strip().splitlines()
    return [Requirement(line) for line in lines if line.strip()]


def _qt_specs(python: str) -> dict[str, Requirement]:
    env = {"python_version": python, "python_full_version": f"{python}.0"}
    return {
        r.name.lower(): r
        for r in _requirements()
        if r.name.lower().startswith("pyside6") and (r.marker is None or r.marker.evaluate(env))
    }


def test_python_311_cannot_get_pyside_612() -> None:
    specs = _qt_specs("3.11")
    assert "pyside6-essentials" in specs
    for req in specs.values():
        assert not req.specifier.contains("6.12.0"), req
    assert "pyside6-addons" in specs, "QtPdf comes from Addons before 6.12"


@pytest.mark.parametrize("python", ["3.12", "3.13"])
def test_newer_pythons_get_the_light_wheels(python: str) -> None:
    specs = _qt_specs(python)
    assert set(specs) == {"pyside6-essentials", "pyside6-pdf"}
    assert specs["pyside6-essentials"].specifier.contains("6.12.0")


def test_the_meta_package_with_webengine_is_not_required() -> None:
    assert "pyside6" not in {r.name.lower() for r in _requirements()}
