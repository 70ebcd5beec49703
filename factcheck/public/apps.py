from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class PublicConfig(AppConfig):
    name = "factcheck.public"
    label = "public"

    def ready(self):
        from factcheck.core.models import Rating, Source

        # Stopgap until core does it in the writes themselves: public pages
        # show ratings and source details too, and an admin edit of those
        # must drop cached pages like a publication does.
        for model in (Rating, Source):
            post_save.connect(public_data_changed, sender=model, dispatch_uid=f"public-{model}")
            post_delete.connect(public_data_changed, sender=model, dispatch_uid=f"public-d-{model}")


def public_data_changed(**kwargs):
    from factcheck.core.publicity import public_changed

    public_changed()
