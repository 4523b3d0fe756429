"""The registrars' back office: organizations, their lifecycle, declarations and history."""

from tadamon.registry.admin import organizations, reference  # noqa: F401  (registers)
