"""A tiny API that writes an audit entry, to test attribution through the real stack."""

from django.urls import path
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from globalmarket.audit.services import audit_log


class TouchApi(APIView):
    def post(self, request: Request) -> Response:
        entry = audit_log(action="thing.touch", resource_type="thing", resource_id=7,
                          new={"touched": True})  # fmt: skip
        return Response({"id": entry.pk})


urlpatterns = [
    path("touch/", TouchApi.as_view()),
]
