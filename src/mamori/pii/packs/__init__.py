"""Versioned YAML rule packs (package data). ``default/`` ships with mamori."""
