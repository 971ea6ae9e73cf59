"""The presentation layer: plain Python (no Streamlit) views built once per assessment, which
`ui/` renders and nothing else."""

__all__: list[str] = []
