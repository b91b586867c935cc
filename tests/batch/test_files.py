"""Atomic writes under failure: the target keeps its old content (or stays absent), no
temporary file is left in the folder, and the error is a SubsyncError naming the path."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Any

import pytest

from subsync.batch import files
from subsync.batch.files import write_atomic
from subsync.errors import OutputError, SubsyncError

OLD = b"old content\n"
NEW = b"new content, much longer than the old one\n" * 1000


_REAL_WRITE = os.write


def _half_then_full(fd: int, data: Any) -> int:
    """A write that puts half the data on disk, then fails as a full disk does."""
    view = memoryview(data)
    _REAL_WRITE(fd, view[: len(view) // 2])
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def _target(tmp_path: Path, *, existing: bool) -> Path:
    path = tmp_path / "out" / "clip.en.srt"
    if existing:
        path.parent.mkdir()
        path.write_bytes(OLD)
    return path


def _assert_untouched(path: Path, *, existing: bool) -> None:
    if existing:
        assert path.read_bytes() == OLD
        assert [p.name for p in path.parent.iterdir()] == [path.name]
    else:
        assert not path.exists()
        assert not path.parent.exists() or list(path.parent.iterdir()) == []


def _fails_with_path(path: Path, caught: pytest.ExceptionInfo[SubsyncError], reason: str) -> None:
    assert isinstance(caught.value, OutputError)
    assert caught.value.input == str(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    assert reason in message
    assert "\n" not in message


def _refused_rename(src: object, dst: object) -> None:
    raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(dst))


def _broken_fsync(fd: int) -> None:
    raise OSError(errno.EIO, os.strerror(errno.EIO))


# Each failure of an atomic write: the os function it strikes, its stand-in, its reason.
_FAILURES = {
    "a failed rename": ("replace", _refused_rename, errno.EACCES),
    "a write that fails partway": ("write", _half_then_full, errno.ENOSPC),
    "a failed fsync": ("fsync", _broken_fsync, errno.EIO),
}


@pytest.mark.parametrize("failure", list(_FAILURES))
@pytest.mark.parametrize("existing", [True, False], ids=["replacing", "new"])
def test_a_failed_write_keeps_the_old_file_and_leaves_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, existing: bool, failure: str
) -> None:
    path = _target(tmp_path, existing=existing)
    function, stand_in, code = _FAILURES[failure]
    monkeypatch.setattr(os, function, stand_in)
    with pytest.raises(SubsyncError) as caught:
        write_atomic(path, NEW)
    _fails_with_path(path, caught, os.strerror(code))
    _assert_untouched(path, existing=existing)


def test_an_os_error_without_a_reason_still_gives_a_readable_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _target(tmp_path, existing=True)

    def broken(fd: int) -> None:
        raise OSError("the device went away")

    monkeypatch.setattr(os, "fsync", broken)
    with pytest.raises(SubsyncError) as caught:
        write_atomic(path, NEW)
    _fails_with_path(path, caught, "the device went away")
    assert "None" not in str(caught.value)
    _assert_untouched(path, existing=True)


def test_an_interrupt_during_the_write_leaves_no_temp_and_is_not_swallowed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _target(tmp_path, existing=True)

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(path, NEW)
    _assert_untouched(path, existing=True)


def test_a_folder_that_cannot_be_made_is_a_subsync_error_naming_the_path(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_bytes(OLD)
    path = blocker / "clip.srt"
    with pytest.raises(SubsyncError) as caught:
        write_atomic(path, NEW)
    assert isinstance(caught.value, OutputError)
    assert caught.value.input == str(path)
    assert blocker.read_bytes() == OLD
    assert [p.name for p in tmp_path.iterdir()] == ["file"]


def test_a_successful_write_replaces_the_content_and_leaves_only_the_target(
    tmp_path: Path,
) -> None:
    path = _target(tmp_path, existing=True)
    write_atomic(path, NEW)
    assert path.read_bytes() == NEW
    assert [p.name for p in path.parent.iterdir()] == [path.name]


def test_many_writes_each_fsynced_before_its_rename_and_folders_synced_once_later(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[str] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        target = os.readlink(f"/proc/self/fd/{fd}")
        synced.append("folder" if os.path.isdir(target) else "data")
        assert synced[-1] == "folder" or ".tmp" in target  # data: before its rename
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    (tmp_path / "blocker").write_bytes(b"a file where a folder should be")
    items = [(tmp_path / "a" / f"{n}.srt", b"%d" % n) for n in range(20)]
    items.insert(5, (tmp_path / "blocker" / "x.srt", b"x"))
    errors = files.write_atomic_many(items)
    assert [type(e) for e in errors].count(OutputError) == 1
    assert isinstance(errors[5], OutputError) and "blocker" in str(errors[5])
    assert all((tmp_path / "a" / f"{n}.srt").read_bytes() == b"%d" % n for n in range(20))
    assert synced.count("data") == 20 and "folder" not in synced
    files.sync_folders()
    assert synced.count("folder") == 1  # a/ once, for twenty renames
    files.sync_folders()
    assert synced.count("folder") == 1
    assert not [p for p in (tmp_path / "a").iterdir() if p.name.endswith(".tmp")]


@pytest.mark.skipif(os.name != "posix", reason="file modes and the umask are POSIX's")
@pytest.mark.parametrize("umask", [0o022, 0o027, 0o077])
def test_a_written_file_has_the_mode_any_new_file_gets_under_the_umask(
    tmp_path: Path, umask: int
) -> None:
    old = os.umask(umask)
    try:
        write_atomic(tmp_path / "a" / "clip.srt", NEW)  # its folder made on the way
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "a" / "clip.srt").stat().st_mode) == 0o666 & ~umask
    assert (tmp_path / "a" / "clip.srt").read_bytes() == NEW


def test_a_write_into_a_symbolic_link_named_like_a_temporary_file_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A temporary name taken already (a link planted there) is passed over, not followed."""
    target = tmp_path / "elsewhere"
    target.write_bytes(OLD)
    names = iter([bytes(8), bytes(8), bytes([1] * 8)])  # "aaaaaaaa" twice, then "bbbbbbbb"
    monkeypatch.setattr("subsync.batch.files.os.urandom", lambda size: next(names))
    path = tmp_path / "clip.srt"
    (tmp_path / f"{files.temp_prefix(path)}aaaaaaaa.tmp").symlink_to(target)
    write_atomic(path, NEW)
    assert path.read_bytes() == NEW and target.read_bytes() == OLD
