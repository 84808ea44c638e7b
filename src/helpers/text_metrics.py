"""Text measured once per process, not once per renderer.

matplotlib caches the size of each text per renderer object, and `savefig(bbox_inches="tight")`
uses two renderers per figure (the second of the cropped size), so every title, label and notice
of every figure was measured at least twice, at about half a millisecond each for Vietnamese
text. The Agg renderer's measurement depends only on the text, its font properties, the dpi and
matplotlib's text and font settings: with `share()`, Agg renderers share one cache keyed by all
of these. The measurements, and so the pixels, are the same.
"""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.text as mtext
from matplotlib.backends.backend_agg import RendererAgg

# the settings an Agg measurement reads besides the text, its font properties and the dpi
SETTINGS = ("text.hinting", "text.hinting_factor", "text.kerning_factor", "text.parse_math", "font.family",
            "font.serif", "font.sans-serif", "font.monospace", "font.cursive", "font.fantasy", "font.size",
            "font.style", "font.variant", "font.weight", "font.stretch", "mathtext.fontset", "mathtext.default",
            "mathtext.fallback")
MAX_ENTRIES = 20_000  # a worker's cache is emptied when it holds this many texts


def _frozen(value):
    return tuple(value) if isinstance(value, list) else value


def share() -> bool:
    """Make Agg renderers share their text measurements (once per process). Returns whether
    sharing is on: False if this matplotlib lacks the function it wraps (its own per-renderer
    cache then works as before)."""
    measure = getattr(mtext, "_get_text_metrics_with_cache", None)
    if measure is None:
        return False
    if getattr(measure, "shared", False):
        return True
    cache: dict = {}
    settings = [k for k in SETTINGS if k in mpl.rcParams]

    def shared_measure(renderer, text, fontprop, ismath, dpi):
        if type(renderer) is not RendererAgg:
            return measure(renderer, text, fontprop, ismath, dpi)
        # FontProperties is mutable and hashed by its state: keyed by a copy
        key = (text, fontprop.copy(), ismath, dpi, renderer.dpi, tuple(_frozen(mpl.rcParams[k]) for k in settings))
        found = cache.get(key)
        if found is None:
            if len(cache) >= MAX_ENTRIES:
                cache.clear()
            found = cache[key] = measure(renderer, text, fontprop, ismath, dpi)
        return found

    shared_measure.shared = True
    shared_measure.original = measure
    mtext._get_text_metrics_with_cache = shared_measure
    return True
