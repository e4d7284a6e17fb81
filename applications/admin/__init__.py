from applications.admin import application, assessment, grant  # noqa: F401
