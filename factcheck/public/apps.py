from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "factcheck.public"
    label = "public"
