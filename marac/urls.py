from __future__ import annotations

from django.urls import path

from marac import views

app_name = "marac"
urlpatterns = [
    path("", views.marac_list, name="list"),
    path("<slug:slug>/", views.marac_detail, name="detail"),
    path("<slug:slug>/meetings/new/", views.meeting_new, name="meeting-new"),
    path("<slug:slug>/figures/", views.marac_figures, name="figures"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/details/", views.meeting_details, name="meeting-details"),
    path("meetings/<int:pk>/fill/", views.meeting_fill, name="meeting-fill"),
    path("meetings/<int:pk>/print/", views.meeting_print, name="meeting-print"),
    path("meetings/<int:pk>/agenda.pdf", views.meeting_pdf, name="meeting-pdf"),
    path("meetings/<int:pk>/agenda.csv", views.meeting_agenda_csv, name="meeting-agenda-csv"),
    path("meetings/<int:pk>/actions.csv", views.meeting_actions_csv, name="meeting-actions-csv"),
    path("agenda-items/<int:pk>/move/", views.agenda_item_move, name="item-move"),
    path("agenda-items/<int:pk>/take-off/", views.agenda_item_take_off, name="item-take-off"),
    path("agenda-items/<int:pk>/hear/", views.agenda_item_hear, name="item-hear"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("cases/<int:pk>/add-to-agenda/", views.case_add_to_agenda, name="case-add-to-agenda"),
    path("cases/<int:pk>/research/", views.case_research, name="case-research"),
    path("cases/<int:pk>/actions/", views.case_action_new, name="case-action-new"),
    path("actions/<int:pk>/status/", views.action_status, name="action-status"),
]
