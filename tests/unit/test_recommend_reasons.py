"""Every number in a reason is the balance module's own figure (``balance.of_sites``), or the eligibility counts."""

from __future__ import annotations

import re
from datetime import date

import pandas as pd
import pytest

from aizone import balance
from aizone import zones as zones_mod
from aizone.recommend import engine, instance, reasons
from aizone.recommend.figures import figures
from aizone.recommend.spec import Spec

AS_OF = date(2023, 12, 31)
NUM = re.compile(r"\d+(?:\.\d+)?%?")


@pytest.fixture(scope="module")
def world():
    insts = {lvl: instance.shipped(AS_OF, lvl) for lvl in ("province", "macro")}
    z = zones_mod.load()
    return insts, z, balance.Inputs.load()


def _of_sites(z, inputs, picks):
    zs = zones_mod.as_of(z, AS_OF, include_uncertain=False)
    sites = pd.concat([zs[["adcode", "zone_id"]],
                       pd.DataFrame({"adcode": list(picks), "zone_id": [f"pick-{c}" for c in picks]})], ignore_index=True)
    return balance.of_sites(sites, inputs)


@pytest.mark.parametrize("level,objective", [("province", "theil"), ("province", "gini"), ("macro", "theil"),
                                             ("province", "hhi"), ("macro", "coverage")])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_number_is_the_balance_figure(world, level, objective, lang):
    insts, z, inputs = world
    inst = insts[level]
    rec = engine.recommend(inst, Spec(k=3, objective=objective))
    b0 = _of_sites(z, inputs, [])
    rs = reasons.reasons(inst, rec, lang)
    assert [r.adcode for r in rs] == [p.adcode for p in rec.picks]
    key = "by_province" if level == "province" else "by_macro"
    table = b0.provinces.set_index("adcode") if level == "province" else b0.macro.set_index("macro_region")
    for r in rs:
        c = inst.by_code[r.adcode]
        b1 = _of_sites(z, inputs, [r.adcode])
        index = reasons.REASON_INDEX[objective]
        expected = [f"{float(table.at[r.unit, 'zone_share']) * 100:.1f}%", f"{float(table.at[r.unit, 'pop_share']) * 100:.1f}%",
                    f"{getattr(getattr(b0, key), index):.3f}", f"{getattr(getattr(b1, key), index):.3f}"]
        crit = [str(c.n_pass + c.n_fail + c.n_unknown), str(c.n_pass), str(c.n_fail), str(c.n_unknown)]
        found = NUM.findall(r.text)
        # the share, the index before/after, then the criteria counts (template order may differ by language)
        assert found[:4] == expected, (r.text, expected)
        assert sorted(found[4:]) == sorted(crit), (r.text, crit)
        # and the eligibility counts are the eligibility module's
        from aizone import eligibility as elig
        assert c.n_pass + c.n_fail + c.n_unknown == len(elig.criteria(c.path))


def test_set_figures_equal_of_sites(world):
    insts, z, inputs = world
    inst = insts["province"]
    rec = engine.recommend(inst, Spec(k=4))
    f = figures(inst, rec.codes)
    b = _of_sites(z, inputs, rec.codes)
    assert f.zones == b.total
    for name in ("gini", "theil", "hhi", "hhi_norm"):
        assert f.index(name, "province") == getattr(b.by_province, name)
        assert f.index(name, "macro") == getattr(b.by_macro, name)
    assert rec.loss_after == pytest.approx(b.by_province.theil, abs=1e-12)
    assert rec.loss_before == pytest.approx(_of_sites(z, inputs, []).by_province.theil, abs=1e-12)
