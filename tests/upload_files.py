"""Upload files made in the tests (nothing large is committed): shared by the parser's unit tests and the panel's
AppTest."""

from __future__ import annotations

import csv
import io

HEADER = ["城市", "人工智能核心产业规模（亿元）", "人工智能相关产业规模（亿元）", "高校数", "是否有人工智能规划", "年份"]


def csv_bytes(rows: list[list], encoding: str = "utf-8", delimiter: str = ",") -> bytes:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buf.getvalue().encode(encoding)
