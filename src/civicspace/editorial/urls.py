from django.urls import path

from civicspace.editorial import views

app_name = "editorial"
urlpatterns = [
    path("<str:iso2>/<int:year>/texts/", views.texts_edit, name="texts"),
    path("<str:iso2>/<int:year>/comments/", views.comment_post, name="comment"),
    path(
        "<str:iso2>/<int:year>/history/<str:action>/<path:target>/",
        views.history,
        name="history",
    ),
]
