"""Candidate units and the evidence about them: who is a candidate (``universe``), what the shipped tables say
about each (``facts``), and how verdicts read for people (``view``).

The names below are the package's public face; pages and the engine import them from here.
"""

from aizone.candidates.facts import (HTZ_GAP_LEADS, HTZ_LISTED, HTZ_TOTAL, INDICATORS, TABLES_USED, USER_META_COLUMNS,
                                     Lead, evidence, merge_user_data)
from aizone.candidates.universe import EXCLUDED_PROVINCES, unit_kind, universe
from aizone.candidates.view import (ICONS, card_markdown, card_rows, caveat_text, condition_cell, explain, money,
                                    rank_sentence, ranking_view, status_label, strategies_text, table_cite, unit_label,
                                    unit_name)

__all__ = ["EXCLUDED_PROVINCES", "HTZ_GAP_LEADS", "HTZ_LISTED", "HTZ_TOTAL", "ICONS", "INDICATORS", "Lead", "TABLES_USED",
           "USER_META_COLUMNS", "card_markdown", "card_rows", "caveat_text", "condition_cell", "evidence", "explain",
           "merge_user_data", "money", "rank_sentence", "ranking_view", "status_label", "strategies_text", "table_cite",
           "unit_kind", "unit_label", "unit_name", "universe"]
