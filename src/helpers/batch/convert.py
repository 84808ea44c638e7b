"""An executed notebook as a leader's report: nbconvert's HTML without code, in our page."""

from __future__ import annotations

from functools import lru_cache

from ..render import STYLESHEET_OUTPUT

HIDDEN_TAGS = {"parameters", "injected-parameters", "analyst-only"}  # cells a report never shows


@lru_cache(maxsize=1)
def _exporter():
    """One exporter per process: its templates are compiled once, not for every report."""
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
    from nbconvert.preprocessors import Preprocessor

    class ReportExporter(HTMLExporter):
        """HTMLExporter without its last pass, which parses the whole page again with BeautifulSoup
        only to give images a placeholder alt text and code cells a tabindex: a report has no code
        cells and its images carry their own alt text. That pass took about half the conversion.
        The filters HTMLExporter registers for each notebook are registered once, here; a report
        has no widgets, so the widget filter is given no widget state."""

        def __init__(self, **kw):
            super().__init__(**kw)
            self.register_filter("highlight_code", Highlight2HTML(parent=self))
            self.register_filter("filter_data_type", WidgetsDataTypeFilter(notebook_metadata={}, parent=self))

        def from_notebook_node(self, nb, resources=None, **kw):
            return TemplateExporter.from_notebook_node(self, nb, resources, **kw)

    class ForReaders(Preprocessor):
        """Leaders never see parameters, notes for analysts, warnings or tracebacks: drop the cells
        so tagged, stderr streams, error outputs and the stylesheet output (the page has its own);
        number the cells so that ids are stable from run to run."""

        def preprocess(self, nb, resources):
            nb.cells = [c for c in nb.cells if not HIDDEN_TAGS & set(c.get("metadata", {}).get("tags", []))]
            for i, cell in enumerate(nb.cells):
                cell["id"] = f"c{i:03d}"
                if cell.get("cell_type") == "code":
                    cell.outputs = [o for o in cell.get("outputs", [])
                                    if not (o.get("output_type") == "stream" and o.get("name") == "stderr")
                                    and o.get("output_type") != "error"
                                    and not o.get("metadata", {}).get(STYLESHEET_OUTPUT)]
            return nb, resources

    exp = ReportExporter(template_name="basic", exclude_input=True, exclude_input_prompt=True,
                       exclude_output_prompt=True)
    exp.register_preprocessor(ForReaders(), enabled=True)
    return exp


def report_html(nb, title: str) -> str:
    """A standalone report page (no code, no CDN) from an executed notebook."""
    from ..render import page

    body, _ = _exporter().from_notebook_node(nb)
    return page(body, title)
