"""Name suggestions for unknown names, difflib (the former resolver) against rapidfuzz (today's), and an upload.

``python -m tools.bench_uploads`` prints, on this machine: the time to suggest close names for 1,000 unknown
names with each matcher (every name is new, so nothing is cached), whether both matchers suggest the same
names, and the time to parse a 1,000-row and a ``MAX_ROWS``-row upload of unknown names. Figures, not a test.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import io
import random
import time

from aizone.resolver import LEVEL_RANK, Resolver, _common_prefix

# Characters common in place names: random three-character names from them are mostly unknown.
_SYLLABLES = "东南西北中山海河江湖安平阳城新兴宁华金龙泉州庆德昌隆"


class DifflibResolver(Resolver):
    """The resolver with the suggestion search it had before rapidfuzz (difflib.SequenceMatcher)."""

    def _suggest(self, key: str, latin: bool, allowed) -> tuple[list[str], list[str]]:
        pool = self._latin_pool if latin else self._cjk_pool
        index = [self._latin] if latin else [self._names, self._shorts, self._aliases]
        if not key:
            return [], []
        sm = difflib.SequenceMatcher(autojunk=False)
        sm.set_seq2(key)
        cutoff = 0.5
        scored: dict[tuple, float] = {}
        for cand in pool:
            if abs(len(cand) - len(key)) > max(3, len(key)):
                continue
            sm.set_seq1(cand)
            if sm.real_quick_ratio() < cutoff or sm.quick_ratio() < cutoff:
                continue
            ratio = sm.ratio()
            if ratio < cutoff:
                continue
            score = ratio + 0.05 * min(len(_common_prefix(cand, key)), 4)
            for d in index:
                for k in d.get(cand, ()):
                    if allowed(k) and score > scored.get(k, -1.0):
                        scored[k] = score
        ranked = sorted(scored, key=lambda k: (-scored[k], LEVEL_RANK[k[1]], k[0]))
        picked = list({k[0]: k for k in reversed(ranked)}.values())
        picked = sorted(picked, key=lambda k: (-scored[k], LEVEL_RANK[k[1]], k[0]))[:5]
        return [self._label_zh(k) for k in picked], [self._label_en(k) for k in picked]


def unknown_names(n: int, seed: int = 0) -> list[str]:
    """``n`` distinct Chinese and pinyin-like names that the gazetteer does not hold."""
    rng = random.Random(seed)
    probe = Resolver()
    out: list[str] = []
    seen: set[str] = set()
    while len(out) < n:
        if rng.random() < 0.7:
            name = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))) + rng.choice(("", "市"))
        else:
            name = "".join(rng.choice("bcdfghjklmnpqrstwxyz") + rng.choice("aeiou") + rng.choice(("", "n", "ng"))
                           for _ in range(rng.randint(2, 3))).capitalize()
        if name not in seen and probe.resolve(name).status == "unknown":
            seen.add(name)
            out.append(name)
    return out


def time_suggestions(resolver: Resolver, names: list[str]) -> tuple[float, list[list[str]]]:
    t0 = time.perf_counter()
    got = [resolver.resolve(n).suggestions for n in names]
    return time.perf_counter() - t0, got


def time_upload(resolver: Resolver, names: list[str]) -> float:
    from aizone.uploads import parse_upload

    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["城市", "人工智能核心产业规模（亿元）"])
    w.writerows([n, str(i)] for i, n in enumerate(names))
    data = buf.getvalue().encode("utf-8")
    t0 = time.perf_counter()
    rep = parse_upload(data, "bench.csv", resolver=resolver, max_rows=len(names))
    elapsed = time.perf_counter() - t0
    assert rep.ok and len(rep.rejected_lines) == len(names), rep.codes()
    return elapsed


def main(argv: list[str] | None = None) -> None:
    from aizone.uploads import MAX_ROWS

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=1000, help="unknown names to suggest for (default 1000)")
    args = ap.parse_args(argv)
    names = unknown_names(max(args.n, MAX_ROWS))
    before, after = DifflibResolver(), Resolver()
    t_before, s_before = time_suggestions(before, names[:args.n])
    t_after, s_after = time_suggestions(after, names[:args.n])
    same = sum(a == b for a, b in zip(s_before, s_after))
    print(f"suggestions for {args.n} unknown names")
    print(f"  difflib   {t_before:7.2f} s  ({1000 * t_before / args.n:.2f} ms per name)")
    print(f"  rapidfuzz {t_after:7.2f} s  ({1000 * t_after / args.n:.2f} ms per name)")
    print(f"  same five suggestions, same order: {same} of {args.n}")
    for n in sorted({1000, MAX_ROWS}):
        print(f"upload of {n} unknown names (rapidfuzz): {time_upload(Resolver(), names[:n]):.2f} s")


if __name__ == "__main__":
    main()
