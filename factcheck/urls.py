from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from factcheck.accounts import account_email
from factcheck.health import healthz
from factcheck.public.api import api
from factcheck.public.ratings_css import ratings_css

urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/email/", account_email, name="account-email"),
    # Password change and reset: Django's views, our templates in templates/registration/.
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("api/", api.urls),
    path("review/", include("factcheck.review.urls")),
    path("ratings.css", ratings_css, name="ratings-css"),
    path("", include("factcheck.public.urls")),
]
