"""Follow-up statistics: programme indicators and shortlist fairness, read-only.

Every figure about people is counted by rows (enrolments, shortlist results,
decisions), split by `statistics_gender` and suppressed by one rule
(`suppression.py`, documented in docs/stats.md), so no person can be singled out.
Group attributes (gender, birth year) are read here and nowhere in the ranking.
"""
