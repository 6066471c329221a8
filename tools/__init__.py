"""Measuring and breaking the app from outside: bench, load test, fault injection, the reliability report.

Nothing here runs inside the app, and nothing in ``aizone/``, ``pages/`` or ``app.py`` imports it.
"""
