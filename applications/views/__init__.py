"""Split by area: application (applications issue), assessment (assessment issue), grant (letters and acceptance issue)."""
