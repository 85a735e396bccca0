"""Supply-chain early warning: customers, products, orders, rules, cases, reports."""
