"""Storage: table models, the async engine and migrations."""
