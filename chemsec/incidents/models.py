"""Incidents: tables."""
