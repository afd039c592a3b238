"""The one atomic write: whole files or none, with the mode open() would give."""

from __future__ import annotations

import os

import pytest

from newslab.atomic import write_atomic


def test_text_bytes_and_writer_functions_land_whole(tmp_path):
    assert write_atomic(tmp_path / "a" / "page.html", "<p>é</p>").read_bytes() == "<p>é</p>".encode()
    assert write_atomic(tmp_path / "b.bin", b"\x00\x01").read_bytes() == b"\x00\x01"
    assert write_atomic(tmp_path / "c.txt", lambda tmp: tmp.write_text("via the temp path")).read_text() == (
        "via the temp path"
    )


def test_mode_follows_the_umask_not_mkstemps_private_default(tmp_path):
    old = os.umask(0o027)
    try:
        path = write_atomic(tmp_path / "t.txt", "x")
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o640


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path):
    target = write_atomic(tmp_path / "t.txt", "old")

    def boom(tmp):
        tmp.write_text("half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_atomic(target, boom)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["t.txt"]
