from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
# Demo and tests sign IMDi staff in with a password; tests/identity turns the second factor on.
IMDI_REQUIRE_SECOND_FACTOR = env.bool("IMDI_REQUIRE_SECOND_FACTOR", default=False)
# The offline demo: `run_portal` starts the ID-porten stand-in when IDPORTEN_ISSUER is unset.
DEV_IDPORTEN = env.bool("DEV_IDPORTEN", default=True)
