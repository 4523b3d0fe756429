"""Tadamon: the national registry and observatory of Morocco's social and solidarity economy."""
