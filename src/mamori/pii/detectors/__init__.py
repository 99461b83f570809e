"""Detectors: one small class each, configured by the YAML packs (``mamori/pii/packs``).

The structured detectors (numbers, e-mail, postal codes …) live here one module each; the
language detectors (person, address, birth date) too. A detector's ``detector_id`` is
permanent: it is stored in findings and allowlists.
"""
