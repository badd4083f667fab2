"""Quire's settings: base.py holds what every environment shares; dev.py, test.py and
production.py adjust it. Every value an operator sets comes from an environment variable
(see docs/configuration.md); with none set, Quire runs on SQLite and a local memory cache."""
