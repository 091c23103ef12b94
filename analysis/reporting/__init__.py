"""Reporting: the figures counted in the database, their monthly rollups, and the reports and
charts built from them (dashboard, IRO annual report, CiCC summary).

It reads service.models and a few small domain helpers; the domain never imports it.
"""
