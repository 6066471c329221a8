"""Progress tracker: approvals over time against the target of about 20, with every date's basis shown."""

import pandas as pd
import streamlit as st

from aizone import chartconfig, progress, zones
from aizone.config import GUIDELINE
from aizone.figures import charts_progress
from aizone.i18n import pick, t
from aizone.ui import data, frame, timetravel, zonelist

lang = frame.current_lang()
with frame.guard(lang):
    z = data.zone_table()
    gaz = data.gaz()
    accessed = zones.data_date()

    st.title(t("progress.title", lang))
    as_of = timetravel.as_of_control(lang)

    out = progress.outcome(z, accessed)
    statement = "progress.outcome_final" if out.final else "progress.outcome_sofar"
    st.info(t(statement, lang, n=out.approved, target=out.target, share=f"{out.share:.0%}", last=out.last_text(),
              deadline=out.deadline.isoformat(), as_of=accessed.isoformat()))

    now = progress.counts_on(z, as_of)
    goal, deadline = progress.target()
    st.subheader(t("progress.headline", lang, date=as_of.isoformat(), n=now.certain))
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(t("progress.metric_certain", lang), f"{now.certain}")
    c2.metric(t("progress.metric_possible", lang), f"{now.possible}")
    c3.metric(t("progress.metric_share", lang), f"{now.certain / goal:.0%}")
    days = (deadline - as_of).days
    c4.metric(t("progress.metric_deadline", lang),
              t("progress.days_left", lang, d=days) if days >= 0 else t("progress.days_past", lang, d=-days))
    if now.uncertain:
        st.caption(t("progress.headline_uncertain", lang, u=now.uncertain))

    short = gaz.drop_duplicates("adcode").set_index("adcode")["short_zh"]
    names = pd.Series([pick(short.get(a, n), e, lang) for a, n, e in zip(z["adcode"], z["name_zh"], z["name_en"])],
                      index=z["zone_id"])

    st.subheader(t("progress.chart", lang))
    st.caption(t("progress.intro", lang))
    fig = charts_progress.progress_chart(z, names, as_of, lang, height=620)
    st.plotly_chart(fig, width="stretch", config=chartconfig.plotly_config(lang), key="progress_chart")
    g = GUIDELINE.target_zones
    st.caption(t("progress.source_guideline", lang, doc=GUIDELINE.doc_no, clause=pick(g.clause_zh, g.clause_en, lang),
                 quote=g.quote_zh))

    left, right = st.columns([3, 2])
    with left:
        st.subheader(t("progress.pace", lang))
        first, guide = progress.first_approval(z), progress.guideline_date()
        last = out.last[1] if out.last else first
        periods = [(t("progress.pace_from_first", lang, start=first.isoformat(), k=progress.counts_on(z, first).certain),
                    progress.pace(z, first, as_of), True)]
        if as_of > guide:
            periods.append((t("progress.pace_from_guideline", lang, start=guide.isoformat(),
                              k=progress.counts_on(z, guide).certain), progress.pace(z, guide, as_of), True))
        if as_of > first:
            periods.append((t("progress.pace_active", lang, start=first.isoformat(), end=min(as_of, last).isoformat()),
                            progress.pace(z, first, min(as_of, last)), False))
        rows = [{t("progress.col_period", lang): label,
                 t("progress.col_needed", lang): f"{p.needed_per_year:.1f}" if needed else "—",
                 t("progress.col_actual", lang): f"{p.actual_per_year:.1f}",
                 t("progress.col_done", lang): p.approved_in_period} for label, p, needed in periods]
        st.dataframe(pd.DataFrame(rows), hide_index=True, placeholder=frame.MISSING, width="stretch")
        st.caption(t("progress.pace_note", lang, target=goal, deadline=deadline.isoformat()))
    with right:
        st.subheader(t("progress.batches", lang))
        sep = "、" if lang == "zh" else ", "
        found = progress.batches(z)
        st.dataframe(pd.DataFrame({
            t("progress.col_batch", lang): [b.label(lang) for b in found],
            t("progress.col_count", lang): [b.size for b in found],
            t("progress.col_cumulative", lang): [b.cumulative for b in found],
            t("progress.col_zones", lang): [sep.join(str(names[i]) for i in b.zone_ids) for b in found],
        }), hide_index=True, placeholder=frame.MISSING, width="stretch")
        st.caption(t("progress.batch_note", lang))

    st.subheader(t("zonelist.title", lang))
    zonelist.zone_list(lang, as_of)

frame.footer(data.origins("pilot_zones", "guideline"), lang)
