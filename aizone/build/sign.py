"""Sign the hand-kept tables: check each against its contract and its documents, then write its sidecar.

The tables in ``data/tables`` are the canonical copies: they were first imported from the research tables in
``shared/facts`` and have since been rebuilt around documents (``documents.csv``) in an evidence pass. They
are edited by hand; signing is what keeps an edit honest. A table is signed only if it meets its contract,
every document it names exists, and no cell points at a never-cite domain. The table-level texts (the short
citation under figures, the title, the licence) are written here once, so a re-sign is byte-identical.

Run: ``python -m aizone.build.sign`` after any edit (``aizone build sign`` does the same).
"""

from __future__ import annotations

import argparse
import sys

from aizone import citations, config, provenance, tables
from aizone.provenance import Origin
from aizone.schemas import DataError

ACCESSED = "2026-12-04"  # when the documents behind the tables were last read (the evidence pass)
PRODUCER = "aizone (hand-kept tables; every row names its document)"
LICENCE = ("Facts from public government information and published reports, each row citing its document; "
           "the compilation: CC0-1.0")
COMMAND = "python -m aizone.build.sign"
CANONICAL = ("This CSV is the canonical, hand-maintained copy: edit it here, keep each row's document (doc_id, "
             "documents.csv), confidence and note, and re-sign with `python -m aizone.build.sign`. The page where a "
             "text was read is kept as read_at (in the row or in documents.csv) and never shown as the source.")

# table -> (cite_zh, cite_en, title)
TEXTS: dict[str, tuple[str, str, str]] = {
    "documents": ("文件目录：各发布机关公开文件", "Documents: public documents of the issuing authorities",
                  "文件目录 / Documents every fact rests on"),
    "pilot_zones": ("试验区名单：科技部关于支持各地建设国家新一代人工智能创新发展试验区的复函",
                    "Pilot zones: MOST's letters supporting each pilot zone",
                    "科技部国家新一代人工智能创新发展试验区名单 / MOST pilot zones"),
    "strategies": ("区域战略：各区域发展规划纲要", "Regional strategies: the development plan outlines",
                   "国家区域战略 / National regional strategies"),
    "strategy_members": ("区域战略范围：各规划纲要所列范围", "Strategy members: the scope each plan outline names",
                         "区域战略范围 / Members of each regional strategy"),
    "macro_regions": ("四大地区划分：国家统计局", "Macro regions: National Bureau of Statistics",
                      "东部、中部、西部和东北四大地区划分 / Macro regions (east, central, west, northeast)"),
    "province_stats": ("人口：第七次全国人口普查公报；GDP：各省2023年统计公报及统计局发布",
                       "Population: 7th census communiqué; GDP: 2023 provincial communiqués and releases",
                       "分省人口与地区生产总值 / Population and GDP by province"),
    "city_stats": ("人口：各省七普公报；GDP：《中国城市统计年鉴2024》及各市2023年统计公报（缺则最近年份，见 gdp_year）",
                   "Population: provincial 2020 census communiqués; GDP: China City Statistical Yearbook 2024 and "
                   "2023 city communiqués (else the latest year, see gdp_year)",
                   "分城市人口与地区生产总值 / Population and GDP by city"),
    "open_platforms": ("开放创新平台：科技部公布的国家新一代人工智能开放创新平台",
                       "Open innovation platforms: MOST's announcements",
                       "国家新一代人工智能开放创新平台 / National AI open innovation platforms"),
    "open_platforms_later": ("2019年后开放创新平台：北京人工智能白皮书等", "Later open platforms: Beijing AI white paper and others",
                             "2019年后的开放创新平台 / Open innovation platforms after 2019"),
    "innovation_demo_zones": ("自主创新示范区：国务院批复", "Innovation demonstration zones: State Council replies",
                              "国家自主创新示范区 / National independent innovation demonstration zones"),
    "miit_pilot_zones": ("先导区：工信部国家人工智能创新应用先导区（与科技部试验区不同）",
                         "MIIT AI innovation-application pilot zones (a programme distinct from MOST's pilot zones)",
                         "工信部国家人工智能创新应用先导区 / MIIT AI innovation-application pilot zones"),
    "computing_hubs": ("算力枢纽：国家发展改革委等部门关于同意启动建设国家枢纽节点的复函",
                       "Computing hubs: the NDRC-led replies approving each hub node",
                       "全国一体化算力网络国家枢纽节点 / National computing hub nodes"),
    "ai_industry": ("产业规模：地方政府及统计部门公开数据（口径不一）",
                    "AI industry figures: local governments and statistics offices (definitions differ)",
                    "人工智能产业规模 / AI industry figures"),
    "high_tech_zones": ("国家高新区：国务院批复及 GB/T 37028-2018", "High-tech zones: State Council replies and GB/T 37028-2018",
                        "国家高新技术产业开发区 / National high-tech zones"),
    "ai_major_universities": ("人工智能专业：教育部本科专业备案和审批结果", "AI major: MOE's annual undergraduate-major results",
                              "获批人工智能本科专业的高校 / Universities with the AI undergraduate major"),
    "ai_schools": ("高校人工智能学院、研究院：各校及媒体公开报道", "University AI schools and institutes: universities' and media reports",
                   "高校人工智能学院和研究院 / University AI schools and institutes"),
    "heis": ("高校名单：教育部《全国高等学校名单》（截至2025年6月15日）",
             "Higher-education institutions: MOE list of higher-education institutions (as of 2025-06-15)",
             "全国高等学校名单 / Higher-education institutions"),
    "data_centres": ("数据中心：工信部等国家绿色数据中心名单、国家新型工业化产业示范基地（数据中心）名单、国家超级计算中心、"
                     "国家级互联网骨干直联点、国家数据标注基地",
                     "Data centres: the national green data-centre lists, MIIT's data-centre demonstration bases, national "
                     "supercomputing centres, national Internet backbone direct-connection points, national data-labelling bases",
                     "国家名单中的数据中心 / Data centres on national lists"),
    "ai_rd_institutes": ("人工智能研发机构：国家发展改革委、科技部、工信部的国家级认定（国家工程实验室、国家重点实验室、国家制造业创新中心）",
                         "AI R&D institutes: national designations by NDRC, MOST and MIIT (engineering laboratories, "
                         "state key laboratories, manufacturing innovation centres)",
                         "人工智能领域国家级研发机构 / National AI R&D institutes"),
    "local_ai_plans": ("地方规划：各地政府人工智能政策文件", "Local AI plans: local government policy documents",
                       "地方人工智能规划 / Local AI plans"),
}

NOTES: dict[str, str] = {
    "pilot_zones": "date is the dated event and date_basis says what it is (the letter's signing date, or the date "
                   "the approval was made public: never presented as the approval date); date_earliest..date_latest "
                   "is the window in which the approval certainly happened. Inferences from adjacent letter numbers "
                   "are not used as bounds. Count: 18 zones; no later MOST approval was found, which is absence of "
                   "evidence, not proof. Suzhou's 2024 local '人工智能+创新发展试验区' (苏府办〔2024〕140号) is not a "
                   "MOST zone.",
    "miit_pilot_zones": "A different programme from MOST's pilot zones (pilot_zones.csv); never merge the two. "
                        "city_adcodes maps districts (Pudong, Binhai) to their municipality.",
    "city_stats": "Population: 7th census (2020-11-01) resident population from each province's communiqué; sum "
                  "checks against the national communiqué No. 3 are recorded in the notes. GDP: 2023, the first "
                  "published figures (not the revisions after the 5th economic census), in billion CNY (亿元 ÷ 10); "
                  "a unit with no 2023 figure found carries its latest documented year, named in gdp_year (maps, "
                  "rankings and sums use only the 2023 figures).",
    "heis": "First made by `python -m aizone.build.heis` from a transcription of the MOE list (document HEI-001 "
            "names the list and the copy read); city_adcode was resolved from 所在地 at build time. A newer list "
            "is brought in by rebuilding, not by hand.",
    "ai_industry": "Actual figures and targets are kept apart; definitions differ between rows (core, related, "
                   "enterprise revenue), so only actual 'core' and 'related' figures are compared with the guideline's "
                   "thresholds.",
}


def origin(name: str) -> Origin:
    zh, en, title = TEXTS[name]
    return Origin(producer=PRODUCER, url="data/tables/documents.csv (the document of every row)", accessed=ACCESSED,
                  licence=LICENCE, cite_zh=zh, cite_en=en, title=title, command=COMMAND,
                  notes=" ".join(x for x in (NOTES.get(name, ""), CANONICAL) if x))


def check(name: str, docs: dict) -> list[str]:
    """Why a table may not be signed (empty when it may)."""
    try:
        df = tables.load(name)
        citations.check_references(df, tables.path(name).name, docs)
    except DataError as e:
        return [str(p) for p in e.problems]
    file = tables.path(name).name
    repeated = citations.repeated_read_at(df, file, docs) if name != "documents" else []  # a document's own copies
    return [str(p) for p in (citations.never_cited(df, file) + citations.unvetted(df, file) + repeated
                             + citations.research_asides(df, file))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="check and sign the hand-kept tables")
    ap.add_argument("--check", action="store_true", help="only check; exit 1 on any problem or a stale sidecar")
    args = ap.parse_args(argv)
    docs = citations.documents(tables.path("documents"))
    bad = 0
    for name in tables.TABLES:
        problems = check(name, docs)
        if problems:
            bad += 1
            print(f"{name}: not signed\n  " + "\n  ".join(problems[:10]))
            continue
        if args.check:
            try:
                tables.origin(name, verify=True)
            except provenance.ProvenanceError as e:
                bad += 1
                print(f"{name}: {e}")
            continue
        provenance.write_sidecar(tables.path(name), origin(name))
        print(f"{name}: signed")
    for extra in (config.DATA / "reference" / "source_domains.csv", config.DATA / "reference" / "name_overrides.csv",
                  config.DATA / "gazetteer.csv"):
        if not args.check:  # hand-kept files outside data/tables keep their own texts; only the checksum is renewed
            provenance.write_sidecar(extra, provenance.read_sidecar(extra))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
