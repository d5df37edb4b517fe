"""The composition root: Nishan's settings, and the system built from them (its applications,
views and the updater that keeps the views current). The HTTP API, the command line and the
projection worker all start here, so none of them imports another to get it."""

from bootstrap.settings import Settings, SettingsError, load_settings
from bootstrap.system import Nishan

__all__ = ["Nishan", "Settings", "SettingsError", "load_settings"]
