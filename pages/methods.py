"""Methods and sources: every shipped file's provenance, the guideline's rules, the table contracts."""

import pandas as pd
import streamlit as st

from aizone import coverage, provenance, schemas, tables
from aizone.config import DATA, GUIDELINE
from aizone.i18n import t
from aizone.ui import data, frame

lang = frame.current_lang()
with frame.guard(lang):
    st.title(t("methods.title", lang))
    st.write(t("methods.intro", lang))

    st.subheader(t("methods.rules", lang))
    g = GUIDELINE
    rules = [("methods.rule_target", g.target_zones), ("methods.rule_date", g.target_date),
             ("methods.rule_core", g.core_industry_min_bn_cny), ("methods.rule_related", g.related_industry_min_bn_cny)]
    st.dataframe(pd.DataFrame({
        t("methods.rule", lang): [t(k, lang) for k, _ in rules],
        t("methods.value", lang): [str(c.value) for _, c in rules],
        t("methods.clause", lang): [c.clause_zh if lang == "zh" else c.clause_en for _, c in rules],
        t("methods.quote", lang): [c.quote_zh for _, c in rules],
    }), hide_index=True, placeholder=frame.MISSING, width="stretch")

    st.subheader(t("methods.evidence", lang))
    st.write(t("methods.evidence_intro", lang))
    st.table(coverage.measures_view(data.coverage(), lang), hide_index=True)  # wraps: the last column stays readable

    st.subheader(t("methods.documents", lang))
    st.write(t("methods.documents_intro", lang))
    docs = coverage.documents_view(lang)
    st.dataframe(docs, hide_index=True, placeholder=frame.MISSING, width="stretch",
                 column_config={t("methods.doc.official", lang): st.column_config.LinkColumn()})

    st.subheader(t("methods.files", lang))
    inv = provenance.inventory(DATA)
    st.dataframe(pd.DataFrame({
        t("methods.col_contents", lang): [o.cite(lang) if o else "" for _, o, _ in inv],
        t("methods.col_file", lang): ["data/" + str(f.relative_to(DATA)) for f, _, _ in inv],
        t("methods.col_producer", lang): [o.producer if o else "" for _, o, _ in inv],
        t("methods.col_url", lang): [o.url if o else "" for _, o, _ in inv],
        t("methods.col_accessed", lang): [o.accessed if o else "" for _, o, _ in inv],
        t("methods.col_licence", lang): [o.licence if o else "" for _, o, _ in inv],
        t("methods.col_checksum", lang): [o.checksum[:19] if o else "" for _, o, _ in inv],
        t("methods.col_status", lang): [t(f"methods.status.{s.replace(' ', '_')}", lang) for _, _, s in inv],
    }), hide_index=True, placeholder=frame.MISSING, width="stretch")

    st.subheader(t("methods.confidence", lang))
    rows = []
    for name in tables.TABLES:
        df = tables.load(name)
        if "confidence" in df:
            counts = df["confidence"].fillna("—").value_counts()
            rows.append({t("methods.col_table", lang): name,
                         **{t(f"conf.{k}", lang) if k != "—" else "—": int(v) for k, v in counts.items()}})
    st.dataframe(pd.DataFrame(rows).fillna(0).set_index(t("methods.col_table", lang)), placeholder=frame.MISSING,
                 width="stretch")
    st.caption(t("methods.confidence_note", lang))

    st.subheader(t("methods.datum", lang))
    st.write(t("methods.datum_text", lang))
    st.subheader(t("methods.simplify", lang))
    st.write(t("methods.simplify_text", lang))

    with st.expander(t("methods.contracts", lang)):
        st.dataframe(schemas.describe(s for _, s in tables.TABLES.values()), hide_index=True, placeholder=frame.MISSING, width="stretch")

frame.footer(data.origins("guideline", "boundaries", "gazetteer"), lang)
