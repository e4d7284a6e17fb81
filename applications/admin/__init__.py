from applications.admin import application, assessment, conflict, decision, grant, reception  # noqa: F401
