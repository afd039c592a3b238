"""The one atomic write: a temporary file in the target's folder, renamed over the target.

A reader (or an interrupted run) sees the old file or the new one, never half of one. Tables,
HTML pages, cache entries and the run's records are all written through :func:`write_atomic`.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(path: str | os.PathLike, content: str | bytes | Callable[[Path], object]) -> Path:
    """Write ``content`` (text as UTF-8, bytes, or a function that writes the file at the path it is given)
    to ``path`` atomically; the folder is created if needed.

    The file gets mode ``0o666 & ~umask``, as ``open()`` would give it: ``mkstemp`` makes its files
    private (0600), which published reports and tables must not be.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            if isinstance(content, str):
                fh.write(content.encode("utf-8"))
            elif isinstance(content, bytes):
                fh.write(content)
        if callable(content):
            content(tmp)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path
