"""Indonesian-aware lesson search, the same on SQLite and PostgreSQL (ADR 0009).

text.py turns words into terms (one pipeline for lessons and queries); index.py writes the
index rows of a lesson; ranking.py reads them to rank lessons for the search page and for the
suggestions shown while a challenge is typed.
"""
