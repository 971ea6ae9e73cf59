"""The pages of the dashboard, in menu order: (file, title, icon, default)."""

__all__ = ["PAGES"]

PAGES: list[tuple[str, str, str, bool]] = [
    ("pages/overview.py", "Sequencing", ":material/alt_route:", True),
    ("pages/cd19_washout.py", "CD19 and washout", ":material/timeline:", False),
    ("pages/evidence_library.py", "Evidence library", ":material/menu_book:", False),
    ("pages/teaching.py", "Teaching", ":material/school:", False),
    ("pages/about.py", "About", ":material/info:", False),
]
