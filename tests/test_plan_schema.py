"""A plan file read strictly: every problem named at its place (a target by its id), with its reason."""

import copy

import pytest
import yaml

from helpers import plan_schema
from helpers.paths import PLANS_DIR


@pytest.mark.parametrize("change,message", [
    (lambda d: d["targets"][1].update(comparison="≥"), "targets[commune-19-2-basic].comparison: must be one of"),
    (lambda d: d["targets"][1].update(threshold="99%"), "targets[commune-19-2-basic].threshold: must be a percentage"),
    (lambda d: d["targets"][0].pop("baseline_year"), "targets[crime-2019].baseline_year: a crime reduction target needs"),
    (lambda d: d["targets"][3].update(units=[]), "targets[keep-tp-tuyen-quang].units: a unit_status target names"),
    (lambda d: d.pop("date"), "plan: missing key 'date'"),
    (lambda d: d.update(province="atlantis"), "plan.province: unknown province 'atlantis'"),
    (lambda d: d["targets"][2].update(id="commune-19-2-basic"), "duplicate target id(s) commune-19-2-basic"),
    (lambda d: d["targets"][1].update(metric="share_xa"), "unknown metric 'share_xa'"),
    (lambda d: d["reporting"][1].update(frequency="weekly"),
     "reporting[2].frequency: must be one of yearly, half-yearly, quarterly, monthly; unknown frequency 'weekly'"),
    (lambda d: d["assignments"][0].update(role="chair"),
     "assignments[1].role: must be one of lead, support, implement; unknown role 'chair'"),
    (lambda d: d["assignments"][2].update(task=["x"]), "assignments[3].task: unknown key (did you mean 'tasks'?)"),
    (lambda d: d["reporting"][0].pop("recipient"), "reporting[1]: missing key 'recipient'"),
    (lambda d: d["task_groups"][0].update(title=None), "task_groups[1].title: must be a text, got None"),
    (lambda d: d.update(signer="Nguyễn Văn A"), "plan.signer: must be a mapping of keys (name, title), got 'Nguyễn Văn A'"),
    (lambda d: d["source"].update(retrieved="2024-01-01"),  # the keys of the source, not of the plan
     "plan.source.retrieved: unknown key; known keys: document, url, complete, missing"),
    (lambda d: d["signer"].update(titel="x"), "plan.signer.titel: unknown key (did you mean 'title'?)"),
    (lambda d: d["qualitative_targets"].append("Giữ vững"),
     "qualitative_targets[3]: must be a mapping of keys (section, text, source_ref), got 'Giữ vững'"),
    (lambda d: d["assignments"][0].update(tasks="một việc"), "assignments[1].tasks: must be a list, got 'một việc'"),
])
def test_schema_rejects_a_broken_plan_with_a_clear_message(change, message):
    raw = yaml.safe_load((PLANS_DIR / "tuyen-quang.yaml").read_text(encoding="utf-8"))
    broken = copy.deepcopy(raw)
    change(broken)
    with pytest.raises(plan_schema.PlanError) as err:
        plan_schema.parse_plan(broken, "broken.yaml")
    assert str(err.value).startswith("broken.yaml: ") and message in str(err.value)


def _tq_text() -> str:
    return (PLANS_DIR / "tuyen-quang.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("old,new,expected", [
    ("    threshold: 5", "    treshold: 5", "targets[crime-2019].treshold: unknown key (did you mean 'threshold'?)"),
    ("period: {start: 2023, end: 2025}", "period: {start: 2023, end: 2020}",
     "plan.period: ends (2020) before it starts (2023)"),
    ("    deadline: 2025", "    deadline: 1990", "targets[crime-2019].deadline: 1990 is outside the plan's period 2023–2025"),
    ("date: 2023-02-20", "date: 2023-13-20", "line 8, column 7: not valid YAML ('2023-13-20' is not a valid date"),
])
def test_a_plan_file_with_a_misspelt_key_an_impossible_period_deadline_or_date_is_refused(tmp_path, old, new, expected):
    text = _tq_text()
    assert old in text, old
    path = tmp_path / "tuyen-quang.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(plan_schema.PlanError) as exc:
        plan_schema.read_plan(path)
    assert str(exc.value).startswith(f"{path}: ") and expected in str(exc.value), exc.value
