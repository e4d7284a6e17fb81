from applications.admin import (  # noqa: F401
    appeal,
    application,
    assessment,
    conflict,
    decision,
    grant,
    project_year,
    reception,
)
