"""Region operations overview for staff (/staff/); the work itself happens in the admin."""

from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from . import selectors


@staff_member_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "staff/home.html", {"queues": selectors.work_queues(request.user)})
