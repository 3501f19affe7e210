"""The children's service's API routes, added to accommodation.api_urls."""

from __future__ import annotations

from django.urls import path

from accommodation import children_service_apis as apis

urlpatterns = [
    path("referrals/<int:pk>/childrens-service/", apis.ChildReferralCreateApi.as_view(), name="sass-referrals"),
    path("childrens-service-cases/", apis.ChildCaseListApi.as_view(), name="sass-cases"),
    path("childrens-service-cases/<int:case_id>/", apis.ChildCaseApi.as_view(), name="sass-case"),
    path("childrens-service-cases/<int:case_id>/start/", apis.ChildStartApi.as_view(), name="sass-start"),
    path("childrens-service-cases/<int:case_id>/goals/", apis.ChildGoalApi.as_view(), name="sass-goals"),
    path("childrens-service-cases/<int:case_id>/sessions/", apis.ChildSessionApi.as_view(), name="sass-sessions"),
    path("childrens-service-cases/<int:case_id>/review/", apis.ChildReviewApi.as_view(), name="sass-review"),
    path("childrens-service-cases/<int:case_id>/complete/", apis.ChildCompleteApi.as_view(), name="sass-complete"),
    path("childrens-service-cases/<int:case_id>/close/", apis.ChildCloseApi.as_view(), name="sass-close"),
]
