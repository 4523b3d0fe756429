"""Template context shared by every page."""

from django.conf import settings


def languages(request) -> dict:
    """Language names as written in themselves (Django's tag would translate them)."""
    return {"LANGUAGE_CHOICES": settings.LANGUAGES}
