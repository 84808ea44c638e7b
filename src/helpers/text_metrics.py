"""Text measured once per process, not once per renderer: the one use of a library's internals.

matplotlib caches the size of each text per renderer object, and `savefig(bbox_inches="tight")`
uses two renderers per figure (the second of the cropped size), so every title, label and notice
of every figure was measured at least twice, at about half a millisecond each for Vietnamese
text. The Agg renderer's measurement depends only on the text, its font properties, the dpi and
matplotlib's text and font settings: within `shared()`, Agg renderers share one cache keyed by all
of these. The measurements, and so the pixels, are the same.

matplotlib has no public way to do this: the cache is its private `_get_text_metrics_with_cache`,
swapped only within `shared()` and only on the matplotlib version it was checked on (VERIFIED,
tests/test_text_metrics.py: the same PNG bytes both ways). On any other version, or without that
function, `shared()` does nothing and matplotlib measures as it always does (the public path).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import matplotlib as mpl
import matplotlib.text as mtext
from matplotlib.backends.backend_agg import RendererAgg

VERIFIED = "3.11.2"  # the matplotlib version on which both paths give the same bytes (tested)
PRIVATE = "_get_text_metrics_with_cache"  # the function of matplotlib.text swapped within shared()

# the settings an Agg measurement reads besides the text, its font properties and the dpi
SETTINGS = ("text.hinting", "text.hinting_factor", "text.kerning_factor", "text.parse_math", "font.family",
            "font.serif", "font.sans-serif", "font.monospace", "font.cursive", "font.fantasy", "font.size",
            "font.style", "font.variant", "font.weight", "font.stretch", "mathtext.fontset", "mathtext.default",
            "mathtext.fallback")
MAX_ENTRIES = 20_000  # the cache is emptied when it holds this many texts

_CACHE: dict = {}


def _frozen(value):
    return tuple(value) if isinstance(value, list) else value


def available(any_version: bool = False) -> bool:
    """Whether the shortcut is taken: the installed matplotlib is the verified one (or
    `any_version`, to verify a new one) and has the function it wraps."""
    return (any_version or mpl.__version__ == VERIFIED) and callable(getattr(mtext, PRIVATE, None))


def _sharing(measure):
    settings = [k for k in SETTINGS if k in mpl.rcParams]

    def shared_measure(renderer, text, fontprop, ismath, dpi):
        if type(renderer) is not RendererAgg:
            return measure(renderer, text, fontprop, ismath, dpi)
        # FontProperties is mutable and hashed by its state: keyed by a copy
        key = (text, fontprop.copy(), ismath, dpi, renderer.dpi, tuple(_frozen(mpl.rcParams[k]) for k in settings))
        found = _CACHE.get(key)
        if found is None:
            if len(_CACHE) >= MAX_ENTRIES:
                _CACHE.clear()
            found = _CACHE[key] = measure(renderer, text, fontprop, ismath, dpi)
        return found

    return shared_measure


@contextlib.contextmanager
def shared(enabled: bool = True, any_version: bool = False) -> Iterator[bool]:
    """Within the block, Agg renderers share their text measurements (when `enabled` and
    available(); `any_version` only to verify a new matplotlib); matplotlib is as it was
    afterwards. Yields whether sharing is on."""
    if not (enabled and available(any_version)):
        yield False
        return
    original = getattr(mtext, PRIVATE)
    setattr(mtext, PRIVATE, _sharing(original))
    try:
        yield True
    finally:
        setattr(mtext, PRIVATE, original)
