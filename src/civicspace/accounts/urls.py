"""Two-factor sign-in URLs."""

from django.urls import path

from civicspace.accounts import views

app_name = "two_factor"
urlpatterns = [
    path("", views.verify, name="verify"),
    path("set-up/", views.enrol, name="enrol"),
]
