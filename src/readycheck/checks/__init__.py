"""Built-in checks, one module per area; each check is a function plus its declaration."""
