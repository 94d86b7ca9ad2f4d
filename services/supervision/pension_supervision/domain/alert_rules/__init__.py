"""Supervision's alert rules: each a pure function of the facts heard so far and the region's thresholds.

One module per rule; each returns an `AlertDraft` (or None) whose facts name what it is about, so that the same
facts raise one alert however often and in whatever order the events behind them arrive. The facts themselves
are gathered from the event streams by `service_layer/rule_watch.py` into `adapters/rule_facts.py`.
"""
