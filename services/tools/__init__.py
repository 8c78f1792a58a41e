"""Tools an agent may call: the built-in catalog, tool choice, and running a turn's calls (validated, in parallel,
each with a timeout; failures become tool errors the model reads)."""
