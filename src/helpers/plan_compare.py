"""Plans side by side: each kind of target of several plans against the national programme's."""

from __future__ import annotations

import pandas as pd

from . import gazetteer
from .plan_schema import Plan, Target
from .plan_wording import target_text


def _strictness(t: Target) -> tuple[float, int]:
    """Order targets of one kind: a higher threshold, then a strict '>' over '>=' or '='."""
    return (t.threshold if t.count is None else 100.0 * t.count / t.of, 1 if t.comparison == ">" else 0)


def compare(plans: list[Plan], reference: Plan) -> pd.DataFrame:
    """Targets of several plans side by side with the reference (national) plan.

    One row per kind of target (metric and grade, or the named units); for each plan its target
    in words and its difference from the reference: same, stricter, looser, missing (the
    reference has it, the plan does not), extra (the plan has it, the reference does not)."""
    keys: list[tuple] = []
    for p in [reference] + plans:
        for t in p.targets:
            if t.key not in keys:
                keys.append(t.key)
    rows = []
    for key in keys:
        ref = next((t for t in reference.targets if t.key == key), None)
        row = {"key": key, "reference": target_text(ref) if ref else "–",
               "reference_unconfirmed": list(ref.unconfirmed) if ref else []}
        for p in plans:
            t = next((x for x in p.targets if x.key == key), None)
            if t is None:
                diff = "missing" if ref is not None else "absent"
            elif ref is None:
                diff = "extra"
            elif _strictness(t) == _strictness(ref) and t.scope != ref.scope:
                diff = "scope"
            elif _strictness(t) > _strictness(ref):
                diff = "stricter"
            elif _strictness(t) < _strictness(ref):
                diff = "looser"
            else:
                diff = "same"
            row[p.id] = target_text(t) if t else "–"
            row[f"{p.id}:diff"] = diff
        rows.append(row)
    return pd.DataFrame(rows)


SCOPE_LABELS = {"province": "toàn tỉnh", "each_locality": "mỗi địa phương"}


# a plan's target against the reference's ({ref}: the reference's short name)
DIFF_LABELS = {"same": "như {ref}", "scope": "cùng mức, khác phạm vi", "stricter": "cao hơn {ref}",
               "looser": "thấp hơn {ref}", "missing": "không đặt mục tiêu này", "extra": "mục tiêu riêng", "absent": "–"}


def diff_label(diff: str, reference: Plan) -> str:
    """A difference of compare() in words, against `reference` ('cao hơn Quyết định 926')."""
    return DIFF_LABELS[diff].format(ref=reference.short_name)


def differences(plans: list[Plan], reference: Plan) -> list[str]:
    """The differences the comparison finds, as sentences: between the plans themselves, and of
    each plan against the reference."""
    table = compare(plans, reference)
    out = []
    names = {p.id: gazetteer.province(p.province).short_name if p.province else p.number for p in plans}
    ref_name = reference.short_name
    for _, r in table.iterrows():
        texts = {p.id: r[p.id] for p in plans}
        diffs = {p.id: r[f"{p.id}:diff"] for p in plans}
        if len(plans) >= 2 and len(set(texts.values())) > 1:
            have = [pid for pid in texts if texts[pid] != "–"]
            lack = [pid for pid in texts if texts[pid] == "–"]
            if have and lack:
                out.append(f"Chỉ {', '.join(names[p] for p in have)} đặt mục tiêu: "
                           + "; ".join(f"{names[p]}: {texts[p]}" for p in have)
                           + f" ({', '.join(names[p] for p in lack)} không đặt).")
            else:
                out.append("Khác nhau: " + "; ".join(f"{names[p]} yêu cầu {texts[p]}" for p in have) + ".")
        for pid, d in diffs.items():
            if d in ("stricter", "looser"):
                out.append(f"{names[pid]} đặt mục tiêu {diff_label(d, reference)}: {texts[pid]} ({ref_name}: "
                           f"{r['reference']}).")
            elif d == "missing":
                out.append(f"{names[pid]} không đặt mục tiêu của {ref_name}: {r['reference']}.")
            elif d == "scope":
                t = next(x for p in plans if p.id == pid for x in p.targets if x.key == r["key"])
                ref = next(x for x in reference.targets if x.key == r["key"])
                out.append(f"{names[pid]} giữ mức của {ref_name} nhưng áp dụng cho {SCOPE_LABELS[t.scope]} "
                           f"({ref_name}: {SCOPE_LABELS[ref.scope]}): {texts[pid]}.")
    return out
