from applications.admin import application, assessment, decision, grant, project_year, reception  # noqa: F401
