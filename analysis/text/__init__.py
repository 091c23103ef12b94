"""Pure text analysis: a child's words in, findings out (safety screen, sentiment, themes).

No database and nothing from `service`: the domain layer calls it, never the other way round
(tests/test_layers.py reads every module's imports to keep it so). Reporting lives apart, in
analysis.reporting.
"""
