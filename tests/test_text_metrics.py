"""Text measured once per process: the same figures, fewer measurements, matplotlib as it was."""

import io
import re

import matplotlib as mpl
import matplotlib.text as mtext
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties

from helpers import text_metrics
from helpers.paths import PROJECT_ROOT


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


def test_the_shortcut_is_verified_on_the_installed_matplotlib():
    """An upgrade of matplotlib turns the shortcut off, and fails here, until the same-bytes tests
    below (which take the shortcut on any version) pass on the new version and VERIFIED names it."""
    assert text_metrics.VERIFIED == mpl.__version__, (
        f"matplotlib {mpl.__version__} is installed; the text-measure shortcut was verified on "
        f"{text_metrics.VERIFIED}: run tests/test_text_metrics.py, then set text_metrics.VERIFIED")
    assert text_metrics.available()
    pin = re.search(r"^matplotlib==(\S+)$", (PROJECT_ROOT / "constraints.txt").read_text(), re.M)
    assert pin, "constraints.txt pins matplotlib"


def test_both_paths_give_the_same_image():
    public = _png(_figure())
    with text_metrics.shared(any_version=True) as on:
        assert on
        assert _png(_figure()) == public
        assert _png(_figure()) == public  # with every text already in the cache
    with text_metrics.shared(enabled=False) as on:
        assert not on and _png(_figure()) == public


def test_matplotlib_is_left_as_it_was():
    original = getattr(mtext, text_metrics.PRIVATE)
    with text_metrics.shared(any_version=True):
        assert getattr(mtext, text_metrics.PRIVATE) is not original
        with text_metrics.shared(any_version=True):
            _png(_figure())
    assert getattr(mtext, text_metrics.PRIVATE) is original
    with pytest.raises(RuntimeError), text_metrics.shared(any_version=True):
        raise RuntimeError("a figure that fails to draw")
    assert getattr(mtext, text_metrics.PRIVATE) is original


def test_another_version_takes_the_public_path(monkeypatch):
    original = getattr(mtext, text_metrics.PRIVATE)
    monkeypatch.setattr(mpl, "__version__", "99.0.0")
    assert not text_metrics.available()
    with text_metrics.shared() as on:
        assert not on and getattr(mtext, text_metrics.PRIVATE) is original


def test_a_text_is_measured_once_for_every_renderer(measured):
    _png(_figure())
    assert measured, "matplotlib measures text through the Agg renderer"
    measured.clear()
    _png(_figure())
    assert measured  # matplotlib alone measures each figure's texts again
    with text_metrics.shared(any_version=True):
        _png(_figure())
        measured.clear()
        _png(_figure())
    assert measured == []


def test_a_changed_font_setting_is_measured_anew():
    """The shared cache outlives a figure: a text measured under other font settings (here the
    fonts behind "sans-serif") is measured again, as a new renderer would."""
    text, prop = "Xã đạt tiêu chí: iiii WWW mmm", FontProperties(family="sans-serif", size=12)

    def measure(fonts):
        with mpl.rc_context({"font.sans-serif": fonts}):
            return getattr(mtext, text_metrics.PRIVATE)(RendererAgg(400, 300, 100), text, prop, False, 100)

    wide, narrow = measure(["DejaVu Sans"]), measure(["DejaVu Sans Mono"])
    assert wide != narrow
    with text_metrics.shared(any_version=True):
        assert (measure(["DejaVu Sans"]), measure(["DejaVu Sans Mono"])) == (wide, narrow)
