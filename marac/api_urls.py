from __future__ import annotations

from django.urls import path

from marac import apis

# Included under /api/v1/ by config/api_urls.py, in the "api" namespace.
urlpatterns = [
    path("maracs/", apis.MaracListApi.as_view(), name="maracs"),
    path("maracs/<slug:slug>/high-risk-list/", apis.HighRiskListApi.as_view(), name="marac-high-risk-list"),
    path("maracs/<slug:slug>/meetings/", apis.MeetingListApi.as_view(), name="marac-meetings"),
    path("maracs/<slug:slug>/figures/", apis.QuarterlyFiguresApi.as_view(), name="marac-figures"),
    path("marac-meetings/<int:pk>/", apis.MeetingDetailApi.as_view(), name="marac-meeting"),
    path("marac-meetings/<int:pk>/fill/", apis.MeetingFillApi.as_view(), name="marac-meeting-fill"),
    path("marac-meetings/<int:pk>/details/", apis.MeetingDetailsApi.as_view(), name="marac-meeting-details"),
    path("marac-meetings/<int:pk>/actions/", apis.MeetingActionsApi.as_view(), name="marac-meeting-actions"),
    path("marac-agenda-items/<int:pk>/move/", apis.AgendaItemMoveApi.as_view(), name="marac-agenda-item-move"),
    path(
        "marac-agenda-items/<int:pk>/take-off/", apis.AgendaItemTakeOffApi.as_view(), name="marac-agenda-item-take-off"
    ),
    path("marac-agenda-items/<int:pk>/hear/", apis.AgendaItemHearApi.as_view(), name="marac-agenda-item-hear"),
    path("marac-cases/<int:pk>/", apis.MaracCaseApi.as_view(), name="marac-case"),
    path("marac-cases/<int:pk>/agenda/", apis.CaseAddToAgendaApi.as_view(), name="marac-case-add-to-agenda"),
    path("marac-cases/<int:pk>/research/", apis.ResearchApi.as_view(), name="marac-case-research"),
    path("marac-cases/<int:pk>/actions/", apis.CaseActionsApi.as_view(), name="marac-case-actions"),
    path("marac-actions/<int:pk>/status/", apis.ActionStatusApi.as_view(), name="marac-action-status"),
]
