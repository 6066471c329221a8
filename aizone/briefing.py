"""The briefing pack: a short deck (title, 4–6 figures, sources) and the matching PDF, in one call.

Figures come from a registry of builders, ``(lang, as_of, **params) -> ExportFigure``, so every page's
figure can join the pack and be exported on its own with the same words and sources. Builders whose
module has not landed (or fails to import) are left out with a note rather than breaking the pack.
Every sentence a figure carries (subtitle, alt text) is computed from the data, never typed.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Callable, Sequence

import pandas as pd
import plotly.graph_objects as go

from aizone import export, provenance, rounding, source_list, tables, zones
from aizone.config import BOUNDARIES, DATA, GUIDELINE
from aizone.export import ExportError, ExportFigure, ExportSpec
from aizone.figures import theme
from aizone.i18n import pick, t
from aizone.tables import MACROS

FigureBuilder = Callable[..., ExportFigure]
DEFAULT_STRATEGIES = ("JJJ", "YRD", "GBA", "CY")


def origins(*names: str) -> tuple[provenance.Origin, ...]:
    """Origins by table name or one of 'boundaries', 'gazetteer', 'guideline', 'strategy_areas'."""
    paths = {
        "boundaries": BOUNDARIES / "city_national.parquet",
        "gazetteer": DATA / "gazetteer.csv",
        "guideline": DATA / "sources" / "guideline_2020_254.txt",
        "strategy_areas": BOUNDARIES / "strategies_national.parquet",
    }
    return tuple(provenance.read_sidecar(paths[n] if n in paths else tables.path(n)) for n in names)


def default_as_of() -> date:
    """The date the zone list was last checked against its sources: what 'as of' honestly means here."""
    return zones.data_date()


def _list(items: Sequence[str], lang: str) -> str:
    items = [str(i) for i in items]
    if lang == "zh":
        return "、".join(items)
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _macro_counts(z: pd.DataFrame) -> pd.Series:
    macro = tables.load("macro_regions").set_index("province_adcode")["macro_region"]
    got = z["province_adcode"].astype(str).map(macro)
    return got.value_counts().reindex(list(MACROS)).fillna(0).astype(int)


def _zone_name(row: pd.Series, lang: str) -> str:
    if lang == "zh":
        return str(row["name_zh"]).removesuffix("市")
    return str(pick(row["name_zh"], row["name_en"], lang))


# ----------------------------------------------------------------------------------------------- builders


def overview_map(lang: str, as_of: date, strategies: Sequence[str] = DEFAULT_STRATEGIES, cities: bool = False) -> ExportFigure:
    """The national map: zones approved (or possibly approved) by the date, over the strategy regions."""
    from aizone import basemap, gazetteer
    from aizone.figures import layers, maps

    z = zones.load()
    shown = zones.as_of(z, as_of)
    hl = zones.headline(z, as_of)
    base = basemap.base_map(embed=True, with_cities=cities)
    fig = maps.china_map(
        base, inset_label=t("common.inset", lang),
        regions=layers.strategy_layers(list(strategies), basemap.strategy_shapes(embed=True), lang),
        points=[layers.zone_layer(shown, gazetteer.load(), lang, t("briefing.legend_zones", lang))],
        height=1080, widths=(),  # placed for the page by the export
    )
    counts = _macro_counts(shown[shown["status"] == zones.APPROVED])
    parts = [t("briefing.n_in_region", lang, n=int(counts[m]), region=t(f"macro.{m}", lang)) for m in MACROS if counts[m]]
    alt = t("briefing.alt_map", lang, date=as_of.isoformat(), n=hl.approved, regions=_list(parts, lang),
            target=hl.target, year=hl.target_date.year)
    if hl.uncertain:
        alt += t("briefing.alt_map_uncertain", lang, u=hl.uncertain)
    names = [t(f"strategy.{k}", lang) for k in strategies]
    subtitle = t("briefing.map_subtitle", lang, n=hl.approved, target=hl.target, year=hl.target_date.year)
    if names:
        subtitle += t("briefing.map_subtitle_strategies", lang, names=_list(names, lang))
    note = t("briefing.map_note_uncertain", lang) if hl.uncertain else ""
    src = ("pilot_zones", "guideline", "boundaries") + (("strategy_members", "strategy_areas") if strategies else ())
    return ExportFigure(fig=fig, title=t("briefing.map_title", lang), subtitle=subtitle, alt_text=alt,
                        origins=origins(*src), note=note, key="overview_map")


def _year_counts(z: pd.DataFrame, as_of: date) -> tuple[list[int], list[int], list[int]]:
    status = zones.status_on(z, as_of)
    last = max(GUIDELINE.target_date.value.year, int(z["batch_year"].min()))
    years = list(range(int(z["batch_year"].min()), last + 1))
    certain = [int(((z["batch_year"] == y) & (status == zones.APPROVED)).sum()) for y in years]
    maybe = [int(((z["batch_year"] == y) & (status == zones.UNCERTAIN)).sum()) for y in years]
    return years, certain, maybe


def zones_by_year(lang: str, as_of: date) -> ExportFigure:
    """New zones per year and the running total against the guideline's target."""
    z = zones.load()
    years, certain, maybe = _year_counts(z, as_of)
    hl = zones.headline(z, as_of)
    cum = pd.Series(certain).cumsum().tolist()
    goal, deadline = hl.target, hl.target_date
    fig = go.Figure()
    fig.add_trace(go.Bar(x=years, y=certain, name=t("briefing.bar_new", lang), marker=dict(color=theme.ZONE),
                         text=[str(v) if v else "" for v in certain], textposition="inside", insidetextanchor="end",
                         textfont=dict(size=16, color="white")))
    if any(maybe):
        fig.add_trace(go.Bar(x=years, y=maybe, name=t("briefing.bar_uncertain", lang),
                             marker=dict(color=theme.ZONE_UNCERTAIN, pattern=dict(shape="/", fgcolor=theme.ZONE)),
                             text=[str(v) if v else "" for v in maybe], textposition="inside"))
    fig.add_trace(go.Scatter(x=years, y=cum, mode="lines+markers+text", name=t("briefing.line_cumulative", lang),
                             line=dict(color=theme.INK, width=3), marker=dict(size=10, symbol="diamond", color=theme.INK),
                             # the first total equals the first bar, which is labelled already
                             text=[""] + [str(v) for v in cum[1:]], textposition="top center",
                             textfont=dict(size=15, color=theme.INK)))
    fig.add_trace(go.Scatter(x=[years[0] - 0.5, deadline.year + 0.5], y=[goal, goal], mode="lines", showlegend=False,
                             name=t("briefing.line_target", lang, n=goal, year=deadline.year), hoverinfo="name",
                             line=dict(color=theme.OKABE_ITO["blue"], width=2.5, dash="dash")))
    fig.add_annotation(x=deadline.year + 0.45, y=goal, yanchor="bottom", xanchor="right", showarrow=False,
                       text=t("briefing.line_target", lang, n=goal, year=deadline.year),
                       font=dict(size=14, color=theme.OKABE_ITO["blue"]))
    fig.update_layout(
        template="aizone", barmode="stack", height=700, margin=dict(l=70, r=30, t=10, b=70),
        xaxis=dict(tickmode="array", tickvals=years, ticktext=[str(y) for y in years], title=None),
        yaxis=dict(title=dict(text=t("briefing.axis_zones", lang)), range=[0, goal + 3], dtick=5),
        legend=dict(orientation="h", x=0, y=-0.1, xanchor="left", yanchor="top", traceorder="normal"),
    )
    per_year = _list([t("briefing.n_in_year", lang, n=v, year=y) for y, v in zip(years, certain) if v], lang)
    empty = [y for y, v, m in zip(years, certain, maybe) if not v and not m and y > years[0]]
    alt = t("briefing.alt_years", lang, per_year=per_year, total=cum[-1], target=goal, year=deadline.year,
            share=f"{cum[-1] / goal:.0%}")
    note = ""
    if empty:
        span = str(empty[0]) if len(empty) == 1 else f"{empty[0]}–{empty[-1]}"
        note = t("briefing.years_note_empty", lang, span=span)
    subtitle = t("briefing.years_subtitle", lang, n=cum[-1], target=goal, year=deadline.year, share=f"{cum[-1] / goal:.0%}")
    return ExportFigure(fig=fig, title=t("briefing.years_title", lang), subtitle=subtitle, alt_text=alt,
                        origins=origins("pilot_zones", "guideline"), note=note, key="zones_by_year")


def zones_by_region(lang: str, as_of: date) -> ExportFigure:
    """Zones per macro region: the simplest view of regional balance, used when the balance module is absent."""
    z = zones.as_of(zones.load(), as_of, include_uncertain=False)
    counts = _macro_counts(z)
    labels = [t(f"macro.{m}", lang) for m in MACROS]
    fig = go.Figure(go.Bar(
        x=counts.tolist(), y=labels, orientation="h", marker=dict(color=[theme.MACRO_COLOURS[m] for m in MACROS]),
        text=[str(v) for v in counts], textposition="outside", textfont=dict(size=16), showlegend=False,
    ))
    fig.update_layout(template="aizone", height=600, margin=dict(l=110, r=40, t=10, b=60),
                      yaxis=dict(autorange="reversed"), xaxis=dict(title=dict(text=t("briefing.axis_zones", lang)),
                                                                   range=[0, max(counts.max() * 1.15, 1)]))
    top = counts.idxmax()
    none = [t(f"macro.{m}", lang) for m in MACROS if counts[m] == 0]
    alt = t("briefing.alt_regions", lang, total=int(counts.sum()), parts=_list([t("briefing.n_in_region", lang, n=int(counts[m]), region=t(f"macro.{m}", lang))
                                                       for m in MACROS], lang), top=t(f"macro.{top}", lang))
    if none:
        alt += t("briefing.alt_regions_none", lang, names=_list(none, lang))
    subtitle = t("briefing.regions_subtitle", lang, top=t(f"macro.{top}", lang), n=int(counts[top]), total=int(counts.sum()))
    return ExportFigure(fig=fig, title=t("briefing.regions_title", lang), subtitle=subtitle, alt_text=alt,
                        origins=origins("pilot_zones", "macro_regions"), key="zones_by_region")


# ------------------------------------------------------------------------- builders from other modules


def _progress(lang: str, as_of: date) -> ExportFigure:
    from aizone import progress
    from aizone.figures import charts_progress

    z = zones.load()
    names = pd.Series([_zone_name(r, lang) for _, r in z.iterrows()], index=z["zone_id"])
    fig = charts_progress.progress_chart(z, names, as_of, lang, height=700)
    o = progress.outcome(z, as_of)
    alt = t("briefing.alt_progress", lang, n=o.approved, target=o.target, share=f"{o.share:.0%}",
            deadline=o.deadline.isoformat(), last=o.last_text(), date=o.reference.isoformat())
    subtitle = t("briefing.progress_subtitle", lang, n=o.approved, target=o.target, share=f"{o.share:.0%}",
                 last=o.last_text(), date=o.reference.isoformat())
    return ExportFigure(fig=fig, title=t("briefing.progress_title", lang), subtitle=subtitle, alt_text=alt,
                        origins=origins("pilot_zones", "guideline"), key="progress")


def _balance(lang: str, as_of: date) -> ExportFigure:
    from aizone import balance
    from aizone.figures import charts_balance

    b = balance.on_date(zones.load(), as_of, balance.Inputs.load())
    mac = b.macro
    names = {m: t(f"macro.{m}", lang) for m in MACROS}
    fig = charts_balance.shares_figure(mac, "macro_region", names, lang, height=700)
    gap = (mac["zone_share"].astype("Float64") - mac["pop_share"].astype("Float64"))
    known = gap.dropna()
    if known.empty:
        raise ExportError("balance: no population shares to compare")
    lo = mac.loc[known.idxmin()]
    hi = mac.loc[known.idxmax()]
    kw = dict(low=names[lo["macro_region"]], low_z=f"{float(lo['zone_share']):.0%}", low_p=f"{float(lo['pop_share']):.0%}",
              high=names[hi["macro_region"]], high_z=f"{float(hi['zone_share']):.0%}", high_p=f"{float(hi['pop_share']):.0%}",
              gini=rounding.text(b.by_province.gini, "index", missing="—"), n=b.total)
    alt = t("briefing.alt_balance", lang, **kw)
    subtitle = t("briefing.balance_subtitle", lang, **kw)
    # Strategy-level gaps do not touch a macro-region figure; missing province statistics do.
    note = t("balance.note_missing_province", lang) if "balance.note_missing_province" in b.notes else ""
    return ExportFigure(fig=fig, title=t("briefing.balance_title", lang), subtitle=subtitle, alt_text=alt,
                        origins=origins("pilot_zones", "macro_regions", "province_stats", "gazetteer"), note=note,
                        key="balance")


def _scenario(lang: str, as_of: date, picks: Sequence[str] = (), name: str = "") -> ExportFigure:
    """A what-if: the zones approved by the date plus the chosen candidate cities, and what they would add."""
    from aizone import basemap, gazetteer, scenarios
    from aizone.figures import layers, maps

    picks = tuple(str(p) for p in picks)
    if not picks:
        raise ExportError(t("briefing.no_scenario", lang))
    gaz = gazetteer.load()
    z = zones.as_of(zones.load(), as_of, include_uncertain=False)
    proj = scenarios.project(scenarios.Scenario(picks, name), z, gaz, tables.load("strategy_members"),
                             tables.load("macro_regions"), with_measures=False)
    pts = layers.unit_points(pd.Series(picks), gaz)
    pick_names = [pick(a, b, lang) for a, b in zip(pts["short_zh"], pts["name_en"])]
    pick_layer = maps.PointLayer(key="picks", label=t("briefing.legend_picks", lang),
                                 points=pts.assign(text=pick_names, hover=pick_names), colour=theme.OKABE_ITO["orange"],
                                 symbol="diamond", size=15, show_text=True)
    fig = maps.china_map(basemap.base_map(embed=True, with_cities=False), inset_label=t("common.inset", lang),
                         points=[layers.zone_layer(z, gaz, lang, t("briefing.legend_zones", lang)), pick_layer], height=1080,
                         widths=())  # placed for the page by the export
    prov = gaz[gaz["level"] == "province"].drop_duplicates("adcode").set_index("adcode")
    new = ([t(f"macro.{m}", lang) for m in proj.new_macro] + [t(f"strategy.{k}", lang) for k in proj.new_strategies]
           + [str(pick(prov.at[p, "short_zh"], prov.at[p, "name_en"], lang)) for p in proj.new_provinces if p in prov.index])
    newly = t("briefing.scenario_new", lang, names=_list(new, lang)) if new else t("briefing.scenario_nothing_new", lang)
    kw = dict(k=len(picks), before=proj.before, after=proj.after, target=proj.target, names=_list(pick_names, lang),
              newly=newly)
    title = t("briefing.scenario_title", lang, k=len(picks)) + (f"：{name}" if name and lang == "zh" else f": {name}" if name else "")
    return ExportFigure(fig=fig, title=title, subtitle=t("briefing.scenario_subtitle", lang, **kw),
                        alt_text=t("briefing.alt_scenario", lang, date=as_of.isoformat(), **kw),
                        origins=origins("pilot_zones", "guideline", "strategy_members", "macro_regions", "gazetteer",
                                        "boundaries"),
                        note=t("briefing.scenario_note", lang), key="scenario")


FIGURES: dict[str, FigureBuilder] = {
    "overview_map": overview_map,
    "progress": _progress,
    "balance": _balance,
    "scenario": _scenario,
    "zones_by_year": zones_by_year,
    "zones_by_region": zones_by_region,
}
PACK_ORDER = ("overview_map", "progress", "balance", "scenario", "zones_by_year")
FALLBACKS = ("zones_by_region",)
MIN_FIGURES, MAX_FIGURES = 4, 6


def available() -> dict[str, str]:
    """Which builders can run here: key -> '' if usable, else why not (a module not landed yet)."""
    out = {}
    mods = {"progress": ("aizone.progress", "aizone.figures.charts_progress"),
            "balance": ("aizone.balance", "aizone.figures.charts_balance"), "scenario": ("aizone.scenarios",)}
    import importlib

    for key in FIGURES:
        why = ""
        for m in mods.get(key, ()):
            try:
                importlib.import_module(m)
            except ImportError as e:
                why = f"{m}: {e}"
                break
        out[key] = why
    return out


def build(key: str, lang: str, as_of: date, **params) -> ExportFigure:
    if key not in FIGURES:
        raise ExportError(f"unknown figure {key!r}; known: {', '.join(FIGURES)}")
    return FIGURES[key](lang, as_of, **params)


# ------------------------------------------------------------------------------------------------- pack


@dataclass
class Pack:
    pptx: bytes
    pdf: bytes
    figures: list[ExportFigure]
    spec: ExportSpec
    notes: list[str] = field(default_factory=list)  # figures left out and why


def deck_spec(lang: str, as_of: date, preset: str = "slide", greyscale: bool = False,
              figures: Sequence[ExportFigure] = ()) -> ExportSpec:
    every = [o for f in figures for o in f.origins] or list(origins("pilot_zones"))
    return ExportSpec.from_origins(preset, t("briefing.deck_title", lang), as_of, every, lang,
                                   subtitle=t("briefing.deck_subtitle", lang), greyscale=greyscale)


def source_lines(figures: Sequence[ExportFigure], lang: str) -> list[str]:
    """Every origin behind the deck, once each, as a reader cites it: issuer, document, number, the document's
    own date (see ``aizone.source_list``). When we checked a source stays on the methods page."""
    return source_list.lines((o for f in figures for o in f.origins), lang)


def collect(lang: str, as_of: date, keys: Sequence[str] | None = None, params: dict[str, dict] | None = None,
            on_figure: Callable[[str], None] | None = None) -> tuple[list[ExportFigure], list[str]]:
    """Build the pack's figures; a builder that cannot run is skipped with a note naming the reason.
    ``on_figure(key)`` is called after each attempt, so a page can show how far the pack has got."""
    params = params or {}
    wanted = list(keys) if keys is not None else list(PACK_ORDER)
    figs: list[ExportFigure] = []
    notes: list[str] = []
    for key in wanted:
        try:
            figs.append(build(key, lang, as_of, **params.get(key, {})))
        except (ImportError, ExportError, AttributeError, ValueError) as e:
            notes.append(t("briefing.skipped", lang, figure=key, why=str(e)))
        if on_figure is not None:
            on_figure(key)
    if keys is None:
        for key in FALLBACKS:
            if len(figs) >= MIN_FIGURES:
                break
            try:
                figs.append(build(key, lang, as_of))
            except (ImportError, ExportError) as e:
                notes.append(t("briefing.skipped", lang, figure=key, why=str(e)))
            if on_figure is not None:
                on_figure(key)
    return figs[:MAX_FIGURES], notes


def build_pack(lang: str, as_of: date | None = None, *, preset: str = "slide", greyscale: bool = False,
               keys: Sequence[str] | None = None, params: dict[str, dict] | None = None,
               on_progress: Callable[[int, int, str], None] | None = None) -> Pack:
    """Title slide, the figures, a sources slide: as PPTX and as the matching PDF.

    ``on_progress(done, total, step)`` reports each figure built (``step`` is its key) and then the
    rendering of the two files (``step`` = "render"); ``total`` counts the figures planned plus that step."""
    as_of = as_of or default_as_of()
    total = len(keys if keys is not None else PACK_ORDER) + 1
    done = 0

    def figure_done(key: str) -> None:
        nonlocal done
        done = min(done + 1, total - 1)  # fallbacks may add figures beyond the plan
        if on_progress is not None:
            on_progress(done, total, key)

    figs, notes = collect(lang, as_of, keys, params, on_figure=figure_done)
    if not figs:
        raise ExportError("no figure could be built for the pack: " + "; ".join(notes))
    spec = deck_spec(lang, as_of, preset, greyscale, figs)
    lines = source_lines(figs, lang)
    heading = t("briefing.sources_title", lang)
    lead = t("briefing.deck_lead", lang, n=len(figs), date=as_of.isoformat())
    title_page = (export.text_page(spec, spec.title, [], lead=lead, cover=True), spec)
    src_page = (export.text_page(spec, heading, lines), replace(spec, title=heading, subtitle=""))
    if on_progress is not None:
        on_progress(total - 1, total, "render")
    # The PDF's cairo work runs while the deck's images render in the browser: about a third off the pack.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pdf_job = pool.submit(export.to_pdf, figs, spec, pages_before=[title_page], pages_after=[src_page])
        pptx = export.to_pptx(figs, spec, title_slide=(spec.title, lead), sources_slide=(heading, lines))
        pdf = pdf_job.result()
    return Pack(pptx=pptx, pdf=pdf, figures=figs, spec=spec, notes=notes)
