"""The packaged data files (gazetteer, word lists), extendable without code, and the one way to read them.

Each module that uses a file keeps what it derives from it cached (``functools.cache``); this loader
only reads and parses, so a caller can never change what another one sees.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any


def read_text(name: str) -> str:
    """The text of the packaged data file ``name`` (e.g. ``"gazetteer.jsonl"``)."""
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")


def load_json(name: str) -> Any:
    """The packaged JSON file ``name`` (e.g. ``"claims_lexicon.json"``), parsed."""
    return json.loads(read_text(name))
