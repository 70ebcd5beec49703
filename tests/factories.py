import factory
from django.contrib.auth import get_user_model

from factcheck.core.sources import create_source

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")

    @factory.post_generation
    def password(user, create, extracted, **kwargs):
        user.set_password(extracted or PASSWORD)
        if create:
            user.save(update_fields=["password"])


def make_source(text="One sentence here. Another one follows.", title="A source", **kwargs):
    """A source with its first revision, through the same function the app uses."""
    return create_source(title=title, text=text, **kwargs)
