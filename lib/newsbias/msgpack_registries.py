"""spaCy's document bytes without a scan of the installed packages per document.

``Doc.to_bytes`` and ``Doc.from_bytes`` go through ``srsly``'s MessagePack functions, and each call asks ``srsly``'s
two ``catalogue`` registries (``msgpack_encoders``, ``msgpack_decoders``) for all their functions. ``get_all``
reads the entry points of every installed distribution (about 200 in this project's environment) and walks
``catalogue``'s whole registry, which spaCy and thinc fill with thousands of functions: about 0.15 ms a call. The
parse cache writes and reads one document per text, so ingesting 1,000 AllSides articles (23,111 paragraphs) made
46,382 such calls in the notebook's process alone, and every later stage pays again for each document it reads.

:func:`remember_msgpack_functions` makes both registries answer from what they returned last, asked again only
when ``catalogue``'s registry has grown (a package registered a function since) or at the first call in a
process. Entry points are read once per process: a package installed while a notebook runs is seen by its next
kernel. Measured on 1,000 allsides-dev articles with an empty parse cache (2026-12-01, this 2-core machine):
ingestion 85.2 and 88.6 s without it, 75.9 and 76.4 s with it.
"""

from __future__ import annotations

from typing import Any

import catalogue
import srsly.msgpack

_REMEMBERED = "_newsbias_remembered"


def remember_msgpack_functions() -> None:
    """Make ``srsly``'s MessagePack registries remember their functions (see the module's docstring); idempotent."""
    for registry in (srsly.msgpack.msgpack_encoders, srsly.msgpack.msgpack_decoders):
        if getattr(registry, _REMEMBERED, False):
            continue
        ask = registry.get_all
        state: dict[str, Any] = {"size": -1, "functions": {}}

        def get_all(ask=ask, state=state) -> dict[str, Any]:
            size = len(catalogue.REGISTRY)
            if size != state["size"]:
                state["functions"], state["size"] = ask(), size
            return dict(state["functions"])

        registry.get_all = get_all
        setattr(registry, _REMEMBERED, True)
