from applications.admin import application, assessment, decision, grant, reception  # noqa: F401
