"""The performance benchmark (`python -m benchmarks.run`); see benchmarks/README.md."""

__all__: list[str] = []
