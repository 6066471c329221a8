"""Developer tools: benchmarks and load tests (not imported by the app)."""
