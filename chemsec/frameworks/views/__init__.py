"""Pages of the frameworks app, one module per area."""
