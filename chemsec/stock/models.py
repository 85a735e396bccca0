"""Stock reconciliation: tables."""
