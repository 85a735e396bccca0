"""Waste streams and consignments with a manifest confirmed by each party in turn."""
