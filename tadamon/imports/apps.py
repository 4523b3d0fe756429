from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "tadamon.imports"
    verbose_name = "Import"
