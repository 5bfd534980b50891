"""The MkDocs plugin `labsite`: lab folders become pages of any MkDocs Material site."""

from generator.plugin.plugin import LabSitePlugin
from generator.plugin.state import BuildRequest

__all__ = ["BuildRequest", "LabSitePlugin"]
