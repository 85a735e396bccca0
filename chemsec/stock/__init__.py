"""Movements and balances per chemical of interest: what is unaccounted for."""
