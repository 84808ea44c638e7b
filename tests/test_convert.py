"""An executed notebook as a leader's report: nbconvert's page without code, through public APIs."""

import html

import nbformat
from bs4 import BeautifulSoup
from nbconvert import HTMLExporter

from helpers.batch import convert


def _notebook():
    nb = nbformat.v4.new_notebook()
    cells = [
        nbformat.v4.new_code_cell("province = 'tuyen-quang'", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_markdown_cell("## 1. Bản đồ\n\nXã *đạt* chỉ tiêu"),
        nbformat.v4.new_code_cell("show()", outputs=[
            nbformat.v4.new_output("display_data", data={
                "text/html": '<table class="antt-table"><tr><td>Xã Hùng Lợi</td><td>97,5</td></tr></table>',
                "text/plain": "table"}),
            nbformat.v4.new_output("stream", name="stderr", text="a warning an analyst may read\n"),
            nbformat.v4.new_output("display_data", data={
                "text/html": '<img alt="Biểu đồ số vụ" src="data:image/png;base64,iVBORw0KGgo=">'}),
        ]),
    ]
    nb.cells = cells
    return nb


def test_the_report_shows_outputs_for_readers_only():
    body, _ = convert._exporter().from_notebook_node(_notebook())
    body = html.unescape(body)  # headings are written with character references
    assert "Xã Hùng Lợi" in body and "Biểu đồ số vụ" in body and "Bản đồ" in body
    assert "province = " not in body and "show()" not in body  # no code, no parameters
    assert "a warning an analyst may read" not in body
    assert 'id="cell-id=c000"' in body  # cells numbered: stable ids from run to run


def test_the_report_is_nbconverts_html_without_its_last_pass():
    """The only difference from nbconvert's own HTMLExporter (same template and options) is the
    pass the report skips: tabindex on outputs and a placeholder alt text."""
    ours, _ = convert._exporter().from_notebook_node(_notebook())
    nb = _notebook()
    nb.cells = [c for c in nb.cells if "parameters" not in c.metadata.get("tags", [])]
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"c{i:03d}"
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs if o.get("name") != "stderr"]
    public, _ = HTMLExporter(template_name="basic", exclude_input=True, exclude_input_prompt=True,
                             exclude_output_prompt=True).from_notebook_node(nb)
    soup = BeautifulSoup(public, features="html.parser")
    for el in soup.select("[tabindex]"):
        del el.attrs["tabindex"]
    assert str(soup) == str(BeautifulSoup(ours, features="html.parser"))
