"""Hostile-input corpus: broken and malicious files for every upload path, with expected outcomes."""
