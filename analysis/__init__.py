"""Analysis in two halves: analysis.text (pure text analysis, no database) and
analysis.reporting (figures counted in the database, rollups, reports and charts).

analysis.pipeline, analysis.safety and analysis.themes are the old import paths of three
analysis.text modules, kept working for code written against them.
"""
