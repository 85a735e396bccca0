"""Samples and evidence with a hash-chained custody log per item."""
