from django.urls import path

from civicspace.assessments import views

app_name = "assessments"
urlpatterns = [
    path("", views.workspace_home, name="home"),
    path("<str:iso2>/<int:year>/", views.cycle_overview, name="overview"),
    path("<str:iso2>/<int:year>/panel/", views.panel_edit, name="panel"),
    path("<str:iso2>/<int:year>/move/", views.cycle_move, name="move"),
    path("<str:iso2>/<int:year>/workbook.xlsx", views.workbook_get, name="workbook"),
    path("<str:iso2>/<int:year>/workbook/", views.workbook_upload, name="workbook-upload"),
    path("<str:iso2>/<int:year>/<str:principle>/", views.principle_edit, name="principle"),
]
