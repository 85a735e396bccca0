"""Network: tables."""
