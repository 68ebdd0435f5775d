"""Files written where the rep chose (Save PDF): through links, never over devices, modes kept,
and no temporary file left behind after a crash."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from debrief.errors import DebriefError
from debrief.files import clean_leftovers, new_file_mode, remember_user_umask
from debrief.letters.pdf import write_pdf
from tests.conftest import ROOT


def test_a_symbolic_link_is_written_through(tmp_path: Path) -> None:
    real = tmp_path / "shared" / "letter.pdf"
    real.parent.mkdir()
    real.write_bytes(b"%PDF old")
    link = tmp_path / "letter.pdf"
    link.symlink_to(real)
    write_pdf(link, b"%PDF new")
    assert link.is_symlink() and link.resolve() == real
    assert real.read_bytes() == b"%PDF new"
    assert sorted(p.name for p in real.parent.iterdir()) == ["letter.pdf"]


def test_a_dangling_link_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "letter.pdf"
    link.symlink_to(tmp_path / "target.pdf")
    write_pdf(link, b"%PDF new")
    assert link.is_symlink() and (tmp_path / "target.pdf").read_bytes() == b"%PDF new"


def test_special_files_and_folders_are_refused_untouched(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    with pytest.raises(DebriefError, match="isn't an ordinary file"):
        write_pdf(fifo, b"%PDF")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    link_to_device = tmp_path / "null.pdf"
    link_to_device.symlink_to("/dev/null")
    with pytest.raises(DebriefError, match="isn't an ordinary file"):
        write_pdf(link_to_device, b"%PDF")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    folder = tmp_path / "letters.pdf"
    folder.mkdir()
    with pytest.raises(DebriefError, match="is a folder"):
        write_pdf(folder, b"%PDF")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["letters.pdf", "null.pdf", "pipe.pdf"]


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_a_device_file_is_never_replaced_even_as_root(tmp_path: Path) -> None:
    device = tmp_path / "device.pdf"
    os.mknod(device, 0o600 | stat.S_IFCHR, os.makedev(1, 3))  # like /dev/null
    with pytest.raises(DebriefError, match="isn't an ordinary file"):
        write_pdf(device, b"%PDF")
    assert stat.S_ISCHR(device.lstat().st_mode)


def test_the_targets_permissions_are_kept_and_new_files_follow_the_umask(tmp_path: Path) -> None:
    target = tmp_path / "letter.pdf"
    target.write_bytes(b"%PDF old")
    target.chmod(0o640)
    write_pdf(target, b"%PDF new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    remember_user_umask(0o027)
    try:
        fresh = write_pdf(tmp_path / "fresh.pdf", b"%PDF")
        assert stat.S_IMODE(fresh.stat().st_mode) == new_file_mode() == 0o640
    finally:
        remember_user_umask(0o022)


def test_missing_folder_is_a_plain_error(tmp_path: Path) -> None:
    with pytest.raises(DebriefError, match="doesn't exist"):
        write_pdf(tmp_path / "no such folder" / "x.pdf", b"%PDF")


KILLED_WRITER = """
import os, signal, sys
from pathlib import Path

def stuck(src, dst):  # the rename never happens: the process is killed here
    print("writing", flush=True)
    signal.pause()

os.replace = stuck
from debrief.files import write_file
write_file(Path(sys.argv[1]), b"%PDF new " * 10000, Path(sys.argv[2]))
"""


def kill_mid_write(target: Path, pending: Path) -> None:
    with subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER, str(target), str(pending)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    ) as writer:
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "writing"
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=30)


def test_a_kill_mid_write_leaves_the_old_file_and_the_next_start_cleans_up(
    tmp_path: Path,
) -> None:
    folder, pending = tmp_path / "Documents", tmp_path / "data" / "pending-writes"
    folder.mkdir()
    target = folder / "letter.pdf"
    target.write_bytes(b"%PDF old")
    kill_mid_write(target, pending)
    leftovers = [p for p in folder.iterdir() if p.name != "letter.pdf"]
    assert len(leftovers) == 1 and leftovers[0].name.startswith(".debrief-")
    assert target.read_bytes() == b"%PDF old"
    assert clean_leftovers(pending) == leftovers
    assert [p.name for p in folder.iterdir()] == ["letter.pdf"]
    assert list(pending.iterdir()) == []


def test_cleaning_up_touches_only_our_own_temporary_files(tmp_path: Path) -> None:
    pending = tmp_path / "pending"
    pending.mkdir()
    precious = tmp_path / "thesis.pdf"
    precious.write_bytes(b"mine")
    (pending / "x.note").write_text(str(precious))
    assert clean_leftovers(pending) == []
    assert precious.read_bytes() == b"mine"
