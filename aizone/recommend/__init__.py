"""Recommend the next zones: the k eligible candidates that best improve regional balance and strategy coverage.

Modules, one concern each: ``instance`` (the problem as plain data), ``spec`` (what is asked, which
candidates a reading of the unknowns admits), ``objectives`` (the loss, from ``aizone.balance``), ``solve``
(exact DP / enumeration / local search), ``engine`` (the recommendation with runner-up, worst and best case,
gains, robustness), ``figures`` (balance figures of a set), ``reasons`` (words), ``command`` (the CLI verb).
"""
