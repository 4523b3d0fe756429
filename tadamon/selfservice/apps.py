from django.apps import AppConfig


class SelfServiceConfig(AppConfig):
    name = "tadamon.selfservice"
    verbose_name = "Self-service"
