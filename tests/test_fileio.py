"""Writing the files the user names (``fileio.write_file``): atomic for a regular file, through a symlink
to its target, in place for a FIFO, a terminal, a socket or an open descriptor, one line when it cannot.

Nothing here touches the machine's devices: device nodes are a pty or a FIFO the test made, and the
``/dev/null`` and ``/dev/stdout`` cases run in a private mount namespace over a /dev of their own.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time
import tty
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import FIXTURES, run_process
from hypothesis import given, settings
from hypothesis import strategies as st

from a11ycheck.fileio import WriteError, write_file
from a11ycheck.shown import quote_path

TEXT = "caf\u00e9 \u2603 \U0001f600\r\nline two\n"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def names(folder: Path) -> set[str]:
    """Every name under ``folder`` (a stray temporary file would show here)."""
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


@contextmanager
def reading(fifo: Path) -> Iterator[Callable[[], bytes]]:
    """Hold the FIFO open for reading (so a writer's open never blocks) and drain it in a thread; the
    callable, called once the writer is done, returns what came through. Never hangs, even when the
    writer replaced the FIFO instead of opening it."""
    fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    done, got = threading.Event(), bytearray()

    def drain() -> None:
        while True:
            finished = done.is_set()  # before the read: a read after the writer is done sees all it wrote
            try:
                chunk = os.read(fd, 1 << 16)
            except BlockingIOError:  # a writer has it open, nothing to read yet
                chunk = None
            if chunk:
                got.extend(chunk)
            elif chunk == b"" and finished:  # no writer (any more), and none to come
                return
            else:
                time.sleep(0.002)

    thread = threading.Thread(target=drain, daemon=True)
    thread.start()

    def result() -> bytes:
        done.set()
        thread.join(10)
        return bytes(got)

    try:
        yield result
    finally:
        result()
        os.close(fd)


# -- regular files and symlinks ---------------------------------------------------------------------

def test_new_file_gets_the_umask_mode(tmp_path: Path) -> None:
    write_file(tmp_path / "new.txt", TEXT)
    assert (tmp_path / "new.txt").read_bytes() == TEXT.encode()
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o666 & ~_umask()
    assert names(tmp_path) == {"new.txt"}


def test_regular_file_keeps_its_mode_and_owner(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("old")
    target.chmod(0o640)
    owner = (65534, 65534) if os.geteuid() == 0 else (os.getuid(), os.getgid())
    os.chown(target, *owner)
    write_file(target, TEXT)
    info = target.stat()
    assert target.read_bytes() == TEXT.encode()
    assert (stat.S_IMODE(info.st_mode), info.st_uid, info.st_gid) == (0o640, *owner)
    assert names(tmp_path) == {"report.json"}


@pytest.mark.parametrize("kind", ["link", "chain", "dangling", "relative-in-subfolder"])
def test_symlink_is_followed_and_its_target_replaced(tmp_path: Path, kind: str) -> None:
    real = tmp_path / "real" / "report.json"
    real.parent.mkdir()
    if kind != "dangling":
        real.write_text("old")
        real.chmod(0o604)
    if kind == "chain":
        (tmp_path / "middle").symlink_to("real/report.json")
        (tmp_path / "out").symlink_to("middle")
        dest = tmp_path / "out"
    elif kind == "relative-in-subfolder":
        (tmp_path / "sub").mkdir()
        dest = tmp_path / "sub" / "out"
        dest.symlink_to("../real/report.json")
    else:
        dest = tmp_path / "out"
        dest.symlink_to("real/report.json")
    links = {p: os.readlink(p) for p in tmp_path.rglob("*") if p.is_symlink()}
    write_file(dest, TEXT)
    assert {p: os.readlink(p) for p in tmp_path.rglob("*") if p.is_symlink()} == links
    assert real.read_bytes() == TEXT.encode()
    assert stat.S_IMODE(real.stat().st_mode) == (0o666 & ~_umask() if kind == "dangling" else 0o604)
    assert not [n for n in names(tmp_path) if n.endswith(".tmp")]


# -- written in place ---------------------------------------------------------------------------------

def test_fifo_is_written_in_place(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with reading(fifo) as result:
        write_file(fifo, (f"{n} {TEXT}" for n in range(20_000)))  # more than a pipe holds
        got = result()
    assert got == "".join(f"{n} {TEXT}" for n in range(20_000)).encode()
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert names(tmp_path) == {"fifo"}


def test_terminal_is_written_in_place(tmp_path: Path) -> None:
    """The test's own pty stands for a character device (never one of the machine's), reached through a
    symlink: the old code replaced the link, never the device."""
    master, slave = os.openpty()
    try:
        tty.setraw(slave)  # bytes as they are, no newline translation
        node = tmp_path / "tty"
        node.symlink_to(os.ttyname(slave))
        write_file(node, TEXT)
        assert node.is_symlink() and stat.S_ISCHR(node.stat().st_mode)
        os.set_blocking(master, False)
        got, deadline = b"", time.monotonic() + 5
        while len(got) < len(TEXT.encode()) and time.monotonic() < deadline:
            try:
                got += os.read(master, 4096)
            except BlockingIOError:
                time.sleep(0.002)
        assert got == TEXT.encode()
        assert names(tmp_path) == {"tty"}
    finally:
        os.close(master)
        os.close(slave)


def test_socket_is_written_in_place(tmp_path: Path) -> None:
    path = tmp_path / "s.sock"
    got = bytearray()
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind(str(path))
        server.listen(1)

        def serve() -> None:
            conn, _ = server.accept()
            with conn:
                while chunk := conn.recv(1 << 16):
                    got.extend(chunk)

        thread = threading.Thread(target=serve, daemon=True)
        thread.start()
        write_file(path, TEXT)
        thread.join(10)
    assert bytes(got) == TEXT.encode()
    assert stat.S_ISSOCK(os.lstat(path).st_mode)


@pytest.mark.parametrize("form", ["/dev/fd/{}", "/proc/self/fd/{}", "/proc/{pid}/fd/{}"])
def test_open_descriptor_is_written_in_place(form: str) -> None:
    read_end, write_end = os.pipe()
    try:
        write_file(form.format(write_end, pid=os.getpid()), TEXT)
        os.close(write_end)
        write_end = -1
        with os.fdopen(read_end, "rb", closefd=False) as handle:
            assert handle.read() == TEXT.encode()
    finally:
        os.close(read_end)
        if write_end >= 0:
            os.close(write_end)


# -- refused, one line --------------------------------------------------------------------------------

def test_errors_name_the_path_and_the_reason(tmp_path: Path) -> None:
    (tmp_path / "folder").mkdir()
    (tmp_path / "to-folder").symlink_to("folder")
    (tmp_path / "loop").symlink_to("loop")
    (tmp_path / "file").write_text("x")
    cases = {
        "folder": "Is a directory",
        "to-folder": f"{tmp_path}/folder: Is a directory",
        "missing/x.json": "No such file or directory",
        "file/x.json": "Not a directory",
        "loop": "Too many levels of symbolic links",
        "/dev/fd/999": "Bad file descriptor",
        "no\x1bfolder\udcff/x.json": "No such file or directory",  # the name shown quoted, as reports show it
    }
    for name, reason in cases.items():
        path = name if name.startswith("/") else str(tmp_path / name)
        with pytest.raises(WriteError) as caught:
            write_file(path, TEXT)
        assert str(caught.value) == f"{quote_path(path)}: cannot write ({reason})"
    assert names(tmp_path) == {"folder", "to-folder", "loop", "file"}
    assert (tmp_path / "loop").is_symlink()


def test_block_device_is_refused(tmp_path: Path) -> None:
    """A report written over a disk would ruin it, and replacing the node would unhook the disk."""
    node = tmp_path / "disk"
    try:
        os.mknod(node, stat.S_IFBLK | 0o600, os.makedev(240, 0))  # a local/experimental number: no disk
    except PermissionError:
        pytest.skip("making a device node needs CAP_MKNOD")
    with pytest.raises(WriteError, match=r"disk: cannot write \(a block device: refused\)"):
        write_file(node, TEXT)
    assert stat.S_ISBLK(os.lstat(node).st_mode)


# -- property: any destination kind, any text --------------------------------------------------------

KINDS = ["new", "regular", "symlink", "chain", "dangling", "fifo"]


def lay_out(kind: str, folder: Path, mode: int) -> tuple[Path, Path | None, int | None]:
    """One destination of this kind: the path to write, the regular file that should end up holding the
    text (None for a FIFO) and the mode it should have."""
    real = folder / "real" / "report.txt"
    real.parent.mkdir()
    if kind == "new":
        return folder / "new.txt", folder / "new.txt", 0o666 & ~_umask()
    if kind == "fifo":
        os.mkfifo(folder / "fifo")
        return folder / "fifo", None, None
    if kind != "dangling":
        real.write_text("old text")
        real.chmod(mode)
    kept = mode if kind != "dangling" else 0o666 & ~_umask()
    if kind == "regular":
        return real, real, kept
    if kind == "chain":
        (folder / "middle").symlink_to("real/report.txt")
        (folder / "link").symlink_to("middle")
    else:
        (folder / "link").symlink_to("real/report.txt")
    return folder / "link", real, kept


@settings(max_examples=60, deadline=None)
@given(kind=st.sampled_from(KINDS), text=st.text() | st.lists(st.text(), max_size=4),
       mode=st.sampled_from([0o600, 0o640, 0o644, 0o664, 0o755]))
def test_any_destination_gets_the_text(kind: str, text: str | list[str], mode: int) -> None:
    expected = text if isinstance(text, str) else "".join(text)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        dest, holder, kept = lay_out(kind, folder, mode)
        links = {p: os.readlink(p) for p in folder.rglob("*") if p.is_symlink()}
        before = names(folder) | ({str(holder.relative_to(folder))} if holder else set())
        if holder is None:
            with reading(dest) as result:
                write_file(dest, text if isinstance(text, str) else iter(text))
                assert result().decode("utf-8") == expected
            assert stat.S_ISFIFO(os.lstat(dest).st_mode)
        else:
            write_file(dest, text if isinstance(text, str) else iter(text))
            assert holder.read_bytes().decode("utf-8") == expected
            assert stat.S_IMODE(holder.stat().st_mode) == kept
        assert {p: os.readlink(p) for p in folder.rglob("*") if p.is_symlink()} == links
        assert names(folder) == before


# -- the command line ---------------------------------------------------------------------------------

PRIVATE_DEV = (  # a /dev of our own in a private mount namespace: nothing done to it reaches the machine's
    "mount -t tmpfs -o size=1m,mode=755 tmpfs /dev && mknod -m 666 /dev/null c 1 3"
    " && ln -s /proc/self/fd /dev/fd && ln -s /proc/self/fd/1 /dev/stdout && ln -s /proc/self/fd/2 /dev/stderr"
    " && exec sh -c \"$0\" sh \"$@\""
)


def in_private_dev(script: str, *args: str) -> subprocess.CompletedProcess[bytes]:
    """Run the shell ``script`` (with ``args`` as "$@") where /dev is a fresh tmpfs holding only null, fd,
    stdout and stderr; skip where a mount namespace cannot be made."""
    if shutil.which("unshare") is None:
        pytest.skip("unshare is not installed")
    command = ["unshare", "-m", "--propagation", "private", "sh", "-c", PRIVATE_DEV]
    probe = subprocess.run([*command, "true"], capture_output=True, timeout=30, check=False)
    if probe.returncode != 0:
        pytest.skip(f"no private mount namespace here: {probe.stderr.decode(errors='replace').strip()}")
    return subprocess.run([*command, script, *args], capture_output=True, timeout=120, check=False)


def a11ycheck(*args: str) -> list[str]:
    return [sys.executable, "-m", "a11ycheck", str(FIXTURES / "article.html"), "--jobs", "1", *args]


def test_dev_null_stays_a_device() -> None:
    """The issue's case: as root, ``-o /dev/null`` made /dev/null a regular file holding the report."""
    done = in_private_dev('"$@" -o /dev/null; echo "exit $?"; stat -c %F /dev/null; ls -A /dev',
                          *a11ycheck("--format", "json"))
    assert done.stdout.decode().split("\n") == [
        "exit 1", "character special file", "fd", "null", "stderr", "stdout", ""], done.stderr


def test_sarif_to_dev_stdout_goes_into_the_pipe() -> None:
    """Text to standard output first, then SARIF through /dev/stdout: both in the pipe, in that order,
    and /dev/stdout still the link it was."""
    done = in_private_dev('"$@"; { echo "exit $?"; stat -c %F /dev/stdout; ls -A /dev; } >&2',
                          *a11ycheck("--format", "text,sarif=/dev/stdout"))
    out = done.stdout.decode()
    text, _, sarif = out.partition("{")
    assert "html-has-lang" in text
    assert json.loads("{" + sarif)["version"] == "2.1.0"
    assert done.stderr.decode().split("\n")[-7:] == ["exit 1", "symbolic link", "fd", "null", "stderr", "stdout", ""]


def test_report_to_an_open_descriptor_through_a_pipe() -> None:
    """The same without a namespace: /proc/self/fd/1 names the pipe; the text comes first."""
    done = run_process(FIXTURES / "article.html", "--jobs", "1", "--format", "text,json=/proc/self/fd/1")
    assert done.code == 1, done.err
    text, _, report = done.out.partition("{")
    assert "html-has-lang" in text
    assert json.loads("{" + report)["files"][0]["path"].endswith("article.html")


def test_report_into_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    with reading(fifo) as result:
        done = run_process(FIXTURES / "article.html", "--jobs", "1", "--format", "json", "-o", fifo)
        got = result()
    assert done.code == 1, done.err
    assert json.loads(got)["files"][0]["path"].endswith("article.html")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert names(tmp_path) == {"report.fifo"}


@pytest.mark.parametrize("option", ["-o", "--write-baseline"])
@pytest.mark.parametrize(("dest", "reason"), [
    ("folder", "Is a directory"),
    ("missing/out.json", "No such file or directory"),
    ("locked/out.json", "Permission denied"),
])
def test_unwritable_destination_is_one_line(option: str, dest: str, reason: str) -> None:
    """Root writes anywhere, so the command line drops to 'nobody' (after its imports) before it runs."""
    folder = Path(tempfile.mkdtemp(prefix="a11ycheck-write-"))
    try:
        os.chmod(folder, 0o755)
        (folder / "folder").mkdir()
        (folder / "locked").mkdir(mode=0o555)
        (folder / "locked").chmod(0o555)
        script = (
            "import argparse, gettext, locale, os, shutil, sys, tomllib\n"
            "from a11ycheck import baseline, cli\n"
            "from a11ycheck.checks import load_checks\n"
            "from a11ycheck.reporters import json\n"
            "from a11ycheck.ruleset import load_rules\n"
            "load_checks(); load_rules()\n"
            "if os.geteuid() == 0:\n"
            "    os.setgid(65534); os.setuid(65534)\n"
            "sys.exit(cli.main(sys.argv[1:]))\n"
        )
        path = str(folder / dest)
        done = subprocess.run([sys.executable, "-c", script, str(FIXTURES / "article.html"), "--jobs", "1",
                               "--format", "json", option, path], capture_output=True, text=True, timeout=60,
                              check=False)
        assert done.returncode == 2, done.stderr
        assert done.stderr.splitlines() == [f"a11ycheck: {path}: cannot write ({reason})"]
        assert names(folder) == {"folder", "locked"}
    finally:
        shutil.rmtree(folder)
