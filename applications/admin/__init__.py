from applications.admin import (  # noqa: F401
    application,
    assessment,
    conflict,
    decision,
    grant,
    project_year,
    reception,
)
