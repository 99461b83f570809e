"""Temporary: the project settings plus this app, until it is listed in INSTALLED_APPS.

Delete this module once ``"mamori_web.demo"`` is registered in `mamori_web.settings`.
"""

from mamori_web.settings import *  # noqa: F403
from mamori_web.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "mamori_web.demo"]
