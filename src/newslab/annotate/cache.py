"""Per-article annotation cache.

One file per article body, keyed by what determines the annotations: the body's SHA-256, the
published date (dates resolve against it), the model's name and version and ``PIPELINE_VERSION``.
A rerun therefore skips every unchanged article, and editing one article re-annotates only it.

Each entry is two lines: a JSON header (key, SHA-256 of the payload) and the JSON payload. An
entry whose header, key or checksum does not match (a truncated write, a disk error, a hand
edit) is reported as corrupt, deleted and rebuilt, never trusted. Writes go through a temporary
file and a rename, so an interrupted run cannot leave a half-written entry under a valid name.

Written by hand rather than with a caching library because the integrity check and the
"rebuild, don't trust" rule are the point, and both are a few lines here.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from newslab.atomic import write_atomic

FORMAT = "newslab-annotations/1"


def cache_key(body: str, published: str, model_id: str, pipeline_version: str) -> str:
    h = hashlib.sha256()
    for part in (FORMAT, model_id, pipeline_version, published or ""):
        h.update(part.encode("utf-8"))
        h.update(b"\0")
    h.update(body.encode("utf-8", errors="surrogatepass"))
    return h.hexdigest()


class CorruptEntry(Exception):
    """A cache entry exists but cannot be trusted."""


class AnnotationCache:
    """A folder of per-article annotation entries; ``root=None`` disables caching."""

    def __init__(self, root: str | os.PathLike | None) -> None:
        self.root = Path(root) if root else None

    def _path(self, key: str) -> Path:
        assert self.root is not None
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict[str, list[dict[str, Any]]] | None:
        """The cached rows for ``key``; ``None`` when absent. Raises :class:`CorruptEntry`
        (after deleting the entry) when the entry is damaged."""
        if self.root is None:
            return None
        path = self._path(key)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return None
        try:
            header_line, payload = raw.split(b"\n", 1)
            header = json.loads(header_line)
            if header.get("format") != FORMAT or header.get("key") != key:
                raise ValueError("header does not match the entry's key")
            if hashlib.sha256(payload).hexdigest() != header.get("sha256"):
                raise ValueError("checksum mismatch (truncated or edited)")
            rows = json.loads(payload)
            if not isinstance(rows, dict):
                raise ValueError("payload is not a table mapping")
        except (ValueError, UnicodeDecodeError) as exc:
            path.unlink(missing_ok=True)
            raise CorruptEntry(f"cache entry {path.name} is corrupt ({exc}); rebuilt") from exc
        return rows

    def put(self, key: str, rows: dict[str, list[dict[str, Any]]]) -> None:
        if self.root is None:
            return
        payload = json.dumps(rows, ensure_ascii=False, allow_nan=True).encode("utf-8")
        header = json.dumps({"format": FORMAT, "key": key, "sha256": hashlib.sha256(payload).hexdigest()})
        write_atomic(self._path(key), header.encode("ascii") + b"\n" + payload)
