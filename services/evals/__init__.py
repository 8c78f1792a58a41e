"""Evaluation runs: model test suites (TEST), benchmarks (BENCHMARK) and batch generation (GENERATION)."""
