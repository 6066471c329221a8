"""The map's hover text: each marker's, and the short line-per-fact hover of every city.

Hover text is HTML to plotly, so data text is escaped. The city hover travels with every rerun, and
plotly's JSON spells each CJK character and each ``<``, ``>``, ``/`` as a six-byte escape: so it has no
bold, terse lines, and a fact that is absent, unknown or a zero count (the colour already says 0) takes no
line.
"""

from __future__ import annotations

import pandas as pd

from aizone import dated
from aizone.explorer.indicators import COUNT_INDICATORS, Indicator, display_value
from aizone.explorer.tables import Tables, city_of
from aizone.i18n import pick, t


def esc(text) -> str:
    """Hover text is HTML to plotly: data text must not become markup."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _date_text(value, lang: str) -> str:
    return t("common.unknown", lang) if value is None or pd.isna(value) else str(value)


def unit_name(code: str, tb: Tables, lang: str) -> str:
    zh, en = tb.names[code]
    return str(pick(zh, en, lang))


# ----------------------------------------------------------------------------------------------- markers


def miit_marker(r: dict, lang: str) -> str:
    return (f"<b>{esc(pick(r['name_zh'], r['name_en'], lang))}</b><br>{t('explorer.layer.miit', lang)}<br>"
            f"{t('explorer.hover.date', lang)}: {esc(_date_text(r['date'], lang))}<br>"
            f"{t('common.confidence', lang)}: {t('conf.' + r['confidence'], lang)}")


def demo_zone_marker(r: dict, lang: str) -> str:
    return f"{esc(pick(r['name_zh'], r['name_en'], lang))} ({_date_text(r['approval_year'], lang)})"


def platform_marker(city: str, rows: list[dict], tb: Tables, lang: str) -> str:
    """A host city's marker: the platforms it hosts, and that the city is the company's seat."""
    lines = [f"{esc(pick(r['company_zh'], r['company_en'], lang))}: {esc(pick(r['platform_zh'], r['platform_en'], lang))} ({r['year']})"
             for r in rows]
    head = t("explorer.hover.platforms", lang, n=len(rows), city=esc(unit_name(city, tb, lang)))
    return f"<b>{head}</b><br>" + "<br>".join(lines) + f"<br><i>{t('explorer.hover.hq_note', lang)}</i>"


def hub_marker(r: dict, lang: str) -> str:
    return (f"<b>{esc(pick(r['hub_zh'], r['hub_en'], lang))}: {esc(pick(r['cluster_zh'], r['cluster_en'], lang))}</b><br>"
            f"{esc(r['location_zh'])}")


# ----------------------------------------------------------------------------------------------- cities


def hover_heads(tb: Tables, lang: str) -> dict[str, str]:
    """Each city's first hover line (names in both languages, its province), once per language."""
    if lang not in tb._hover_heads:
        provs = tb.gaz[tb.gaz["level"] == "province"]
        prov_name = {str(c): str(pick(zh, en, lang))
                     for c, zh, en in zip(provs["adcode"], provs["short_zh"], provs["name_en"])}
        heads = {}
        for c, name_zh, name_en, prov in tb.city_list:
            in_prov = f" ({prov_name[prov]})" if prov != c and prov in prov_name else ""
            heads[c] = f"{name_zh} {esc(name_en)}{in_prov}"
        tb._hover_heads[lang] = heads
    return tb._hover_heads[lang]


def city_facts(tb: Tables, status: dict[str, tuple[str, ...]]) -> pd.DataFrame:
    """Per city-level unit, the short facts its hover names on a date: zone, programmes, strategies (codes,
    not words). ``status``: ``layers.row_status`` on that date."""
    codes = [c for c, *_ in tb.city_list]
    zone_city = {city_of(str(c), tb): (c, s) for c, s in zip(tb.zones["adcode"], status["zones"]) if dated.shown(s)}
    progs: dict[str, list[str]] = {}
    for key in ("miit", "platforms", "demo_zones", "hubs"):
        rows = [cs for i, cs in enumerate(tb.programme_cities[key]) if key not in status or dated.shown(status[key][i])]
        for row in rows:
            for city in row:
                lst = progs.setdefault(city, [])
                if key not in lst:
                    lst.append(key)
    strat = tb.city_strategies
    return pd.DataFrame({
        "adcode": codes,
        "zone": [zone_city.get(c) for c in codes],
        "programmes": [progs.get(c, []) for c in codes],
        "strategies": [list(strat.get(c, ())) for c in codes],
    })


def county_hover(tb: Tables, facts: pd.DataFrame, lang: str) -> dict[str, str]:
    """Short hover per county at the county level: its name, its city and province, and the pilot zone of
    its city or of itself on the date, in the reader's language only. Nothing else: 2,900 of them travel with
    every rerun (the city hover's second language would add ~90 KB)."""
    if lang not in tb._county_heads:
        provs = tb.gaz[tb.gaz["level"] == "province"]
        prov_name = {str(c): str(pick(zh, en, lang)) for c, zh, en in zip(provs["adcode"], provs["short_zh"], provs["name_en"])}
        city = {c: (str(pick(zh, en, lang)), p) for c, zh, en, p in tb.city_list}
        heads = {}
        for c, zh, en, k in tb.county_list:
            name, (cname, p) = esc(pick(zh, en, lang)), city.get(k, ("", ""))
            where = [x for x in (esc(cname) if k != c else "", prov_name.get(p, "") if p != k else "") if x]
            heads[c] = name + (f"<br>{' · '.join(where)}" if where else "")
        tb._county_heads[lang] = heads
    heads = tb._county_heads[lang]
    zone = {c: z for c, z in zip(facts["adcode"], facts["zone"]) if z is not None}
    out = {}
    for c, _, _, k in tb.county_list:
        z = zone.get(k)
        if z is None:
            out[c] = heads[c]
            continue
        code, st = z
        out[c] = (f"{heads[c]}<br>{t('explorer.hover.zone', lang)}: {t(f'explorer.status.{st}', lang)}"
                  + ("" if code == c else f" ({unit_name(code, tb, lang)})"))
    return out


def city_hover(tb: Tables, facts: pd.DataFrame, lang: str, ind: Indicator | None = None) -> dict[str, str]:
    """Short hover per city: name in both languages, then only the facts it has."""
    province = {c: p for c, _, _, p in tb.city_list}
    heads = hover_heads(tb, lang)
    values = ind.values.to_dict() if ind is not None else {}
    sep = "、" if lang == "zh" else ", "
    out = {}
    for c, zone, progs, strat in zip(facts["adcode"], facts["zone"], facts["programmes"], facts["strategies"]):
        prov = province[c]
        lines = [heads[c]]
        if zone is not None:
            code, st = zone
            lines.append(f"{t('explorer.hover.zone', lang)}: {t(f'explorer.status.{st}', lang)}"
                         + ("" if code == c else f" ({unit_name(code, tb, lang)})"))
        if progs:
            lines.append(sep.join(t(f"explorer.short.{k}", lang) for k in progs))
        if "YRD-core" in strat:
            strat = [s for s in strat if s != "YRD"]
        if strat:
            lines.append(sep.join(t(f"explorer.short.{s}", lang) for s in strat))
        if ind is not None:
            whole_province = ind.level == "province" and prov != c
            v = values.get(prov if ind.level == "province" else c)
            if v is not None and not pd.isna(v) and not (ind.key in COUNT_INDICATORS and v == 0):
                label = t(f"explorer.{'hover_ind_prov' if whole_province else 'hover_ind'}.{ind.key}", lang)
                lines.append(f"{label} {display_value(ind.key, v, lang, short=True)}")
        out[c] = "<br>".join(lines)
    return out
