"""Split by area: application, assessment, grant (letters and acceptance)."""
