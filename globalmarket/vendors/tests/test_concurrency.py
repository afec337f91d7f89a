"""Two people acting at once: the row lock lets exactly one win (PostgreSQL only)."""

import threading

import pytest
from django.db import connections

from globalmarket.accounts.roles import VendorRole
from globalmarket.core.errors import Conflict
from globalmarket.tenancy.context import use_tenant
from globalmarket.vendors import services, team
from globalmarket.vendors.models import Vendor, VendorMember, VendorStatusEvent

from .conftest import add_member, make_vendor

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(tenant, *calls):
    barrier = threading.Barrier(len(calls))
    outcomes: list[str] = []

    def run(call):
        with use_tenant(tenant):
            barrier.wait()
            try:
                call()
                outcomes.append("ok")
            except Conflict as exc:
                outcomes.append(exc.code)
            finally:
                for connection in connections.all():
                    connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(outcomes)


def test_approve_and_reject_at_once_one_wins(eu, make_user):
    staff = make_user(eu, staff_role="admin")
    vendor = make_vendor(eu, status=Vendor.Status.PENDING)
    outcomes = _race(
        eu,
        lambda: services.vendor_transition(vendor_id=vendor.pk, action="approve", actor=staff),
        lambda: services.vendor_transition(vendor_id=vendor.pk, action="reject", actor=staff,
                                           reason="No."),
    )  # fmt: skip
    assert outcomes == ["invalid_transition", "ok"]
    with use_tenant(eu):
        assert VendorStatusEvent.objects.filter(vendor=vendor).count() == 1


def test_two_owners_removing_each_other_leave_one_owner(eu, make_user):
    first, second = make_user(eu), make_user(eu)
    vendor = make_vendor(eu, first)
    other = add_member(eu, vendor, second, VendorRole.OWNER)
    with use_tenant(eu):
        mine = VendorMember.objects.get(user=first)
    outcomes = _race(
        eu,
        lambda: team.member_remove(vendor=vendor, actor=first, member_id=other.pk),
        lambda: team.member_remove(vendor=vendor, actor=second, member_id=mine.pk),
    )
    assert outcomes == ["last_owner", "ok"]
    with use_tenant(eu):
        assert VendorMember.objects.filter(vendor=vendor, role=VendorRole.OWNER).count() == 1
