"""Waste: tables."""
