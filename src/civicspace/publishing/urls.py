from django.urls import path

from civicspace.publishing import views

app_name = "publishing"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("<str:iso2>/<int:year>/", views.report, name="report"),
    path("<str:iso2>/<int:year>/revisions/<int:revision>/", views.report, name="revision"),
]
