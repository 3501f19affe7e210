"""The children's service's pages, added to accommodation.urls."""

from __future__ import annotations

from django.urls import path

from accommodation import children_service_views as views

urlpatterns = [
    path("childrens-service/", views.case_list, name="sass-cases"),
    path("cases/<int:pk>/childrens-service/", views.refer, name="sass-refer"),
    path("childrens-service/<int:case_id>/", views.case_detail, name="sass-case"),
    path("childrens-service/<int:case_id>/start/", views.start, name="sass-start"),
    path("childrens-service/<int:case_id>/goals/new/", views.goal_new, name="sass-goal-new"),
    path("childrens-service/<int:case_id>/sessions/new/", views.session_new, name="sass-session-new"),
    path("childrens-service/<int:case_id>/review/", views.review, name="sass-review"),
    path("childrens-service/<int:case_id>/complete/", views.complete, name="sass-complete"),
    path("childrens-service/<int:case_id>/close/", views.close, name="sass-close"),
]
