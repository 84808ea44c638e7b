"""Text measured once per process: the same figures, fewer measurements."""

import io

import matplotlib as mpl
import matplotlib.text as mtext
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties

from helpers import text_metrics


@pytest.fixture
def unshared(monkeypatch):
    """matplotlib's own per-renderer cache, whatever an earlier test installed."""
    current = mtext._get_text_metrics_with_cache
    monkeypatch.setattr(mtext, "_get_text_metrics_with_cache", getattr(current, "original", current))


@pytest.fixture
def measured(monkeypatch):
    """How many texts the Agg renderer measures."""
    calls = []
    real = RendererAgg.get_text_width_height_descent

    def counting(self, s, prop, ismath):
        calls.append(s)
        return real(self, s, prop, ismath)

    monkeypatch.setattr(RendererAgg, "get_text_width_height_descent", counting)
    return calls


def _figure() -> Figure:
    fig = Figure(figsize=(5, 3))
    FigureCanvasAgg(fig)
    ax = fig.subplots()
    ax.plot([2021, 2022, 2023], [3, 5, 4], label="Xã đạt tiêu chí 19.2")
    ax.set_title("Tỷ lệ xã đạt chỉ tiêu an ninh, trật tự")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1))
    ax.annotate("Dữ liệu minh họa, không phải số liệu thật", xy=(0.5, 0), xycoords="figure fraction")
    return fig


def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight", metadata={"Software": None})
    return buf.getvalue()


def test_a_shared_measurement_gives_the_same_image(unshared):
    before = _png(_figure())
    assert text_metrics.share()
    assert _png(_figure()) == before
    assert _png(_figure()) == before  # with every text already in the cache


def test_a_text_is_measured_once_for_every_renderer(unshared, measured):
    _png(_figure())
    assert measured, "matplotlib measures text through the Agg renderer"
    measured.clear()
    _png(_figure())
    assert measured  # matplotlib alone measures each figure's texts again
    assert text_metrics.share()
    _png(_figure())
    measured.clear()
    _png(_figure())
    assert measured == []


def test_a_changed_font_setting_is_measured_anew(unshared):
    """The shared cache outlives a figure: a text measured under other font settings (here the
    fonts behind "sans-serif") is measured again, as a new renderer would."""
    text, prop = "Xã đạt tiêu chí: iiii WWW mmm", FontProperties(family="sans-serif", size=12)

    def measure(fonts):
        with mpl.rc_context({"font.sans-serif": fonts}):
            return mtext._get_text_metrics_with_cache(RendererAgg(400, 300, 100), text, prop, False, 100)

    wide, narrow = measure(["DejaVu Sans"]), measure(["DejaVu Sans Mono"])
    assert wide != narrow
    assert text_metrics.share()
    assert (measure(["DejaVu Sans"]), measure(["DejaVu Sans Mono"])) == (wide, narrow)
