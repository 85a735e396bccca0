"""Pure computation of stock balances: no Django imports, mypy --strict."""
