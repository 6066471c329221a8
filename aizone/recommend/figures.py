"""The balance figures of a set (zones on the as-of date plus picks), taken from ``aizone.balance`` itself.

The zones and the candidates are joined once when the instance is built (``balance.join``); a set's
figures are then ``balance.province_table`` → ``macro_table`` → ``indices`` over the concatenated rows —
the same steps as ``balance.of_sites``, without joining again for every set the page shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import pandas as pd

from aizone import balance, strategies
from aizone.config import GUIDELINE
from aizone.recommend.instance import Instance


@dataclass(frozen=True)
class Figures:
    zones: int
    target: int
    by_province: balance.Indices
    by_macro: balance.Indices
    strategies: tuple[str, ...]  # served by at least one zone
    macros: tuple[str, ...]
    provinces: int  # provinces with a zone
    province_table: pd.DataFrame
    macro_table: pd.DataFrame

    def index(self, name: str, level: str) -> float | None:
        ix = self.by_province if level == "province" else self.by_macro
        return getattr(ix, name)


def sites(inst: Instance, picks: Sequence[str]) -> pd.DataFrame:
    if inst.zone_sites is None or inst.candidate_sites is None:
        raise ValueError("this instance was built without the joined sites (build it with recommend.instance.build)")
    c = inst.candidate_sites
    chosen = c[c["adcode"].isin(set(picks))]
    return pd.concat([inst.zone_sites, chosen], ignore_index=True)


def figures(inst: Instance, picks: Sequence[str]) -> Figures:
    s = sites(inst, picks)
    prov = balance.province_table(s, inst.inputs)
    mac = balance.macro_table(prov)
    inside = s[s["macro_region"].notna()]
    served = tuple(k for k in strategies.STRATEGIES if s[f"scope_{k}"].notna().any())
    return Figures(zones=len(s), target=int(GUIDELINE.target_zones.value),
                   by_province=balance.indices(prov, "province", "adcode"),
                   by_macro=balance.indices(mac, "macro", "macro_region"),
                   strategies=served, macros=tuple(k for k in balance.MACROS if (inside["macro_region"] == k).any()),
                   provinces=int((prov["zones"] > 0).sum()), province_table=prov, macro_table=mac)
