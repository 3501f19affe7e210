from __future__ import annotations

from django.urls import path

from casework import views

app_name = "casework"
urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("inbox/", views.inbox, name="inbox"),
    path("refuges/", views.refuges, name="refuges"),
    path("step-downs/", views.step_downs, name="step-downs"),
    path("<int:pk>/step-down/", views.step_down_decide, name="step-down"),
    path("<int:pk>/contact-attempts/new/", views.contact_attempt, name="contact"),
    path("<int:pk>/notes/new/", views.case_note, name="note"),
    path("<int:pk>/support/new/", views.support_start, name="support-start"),
    path("<int:pk>/support/<int:episode_id>/end/", views.support_end, name="support-end"),
    path("<int:pk>/safety-plan/", views.safety_plan, name="safety-plan"),
    path("<int:pk>/reassess/", views.reassess, name="reassess"),
    path("<int:pk>/transfer/", views.transfer, name="transfer"),
    path("<int:pk>/close/", views.close_case, name="close"),
]
