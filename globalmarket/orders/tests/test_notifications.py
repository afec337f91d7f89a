"""Order e-mails after commit, in the recipient's language, sent once."""

import pytest
from django.core import mail

from globalmarket.orders.models import Order, OrderEvent
from globalmarket.orders.tasks import send_order_confirmation, send_vendor_new_order
from globalmarket.orders.tests.factories import add_member, make_variant, make_vendor, place
from globalmarket.tenancy.context import use_tenant

pytestmark = pytest.mark.django_db


def test_confirmation_and_vendor_messages_in_each_language(eu, make_user, run_on_commit) -> None:
    shopper = make_user(eu, email="anna@x.test", preferred_language="nl")
    owner = make_user(eu, email="owner@x.test", preferred_language="de")
    helper = make_user(eu, email="helper@x.test", preferred_language="en")
    with use_tenant(eu):
        vendor = make_vendor()
        add_member(vendor, owner)
        add_member(vendor, helper, role="staff")
        variant = make_variant(price="1234.50", vendor=vendor)
        with run_on_commit():
            order = place(shopper, (variant, 1))
        sent = {m.to[0]: m for m in mail.outbox}
        assert set(sent) == {"anna@x.test", "owner@x.test", "helper@x.test"}
        assert order.number in sent["anna@x.test"].subject
        assert "1.239,45" in sent["anna@x.test"].body  # nl: 1234.50 + 4.95 shipping
        assert f"{order.number}-1" in sent["owner@x.test"].subject
        assert "with 1 item(s)" in sent["helper@x.test"].body
        # Running the tasks again (a redelivered message) sends nothing new.
        send_order_confirmation(order.pk)
        send_vendor_new_order(order.vendor_orders.get().pk)
        assert len(mail.outbox) == 3


def test_nothing_is_sent_when_checkout_fails(eu, make_user, run_on_commit) -> None:
    from globalmarket.core.errors import ApplicationError

    shopper = make_user(eu)
    with use_tenant(eu):
        variant = make_variant(stock=0)
        with run_on_commit(), pytest.raises(ApplicationError):
            place(shopper, (variant, 1))
        assert not Order.objects.exists()
        assert not OrderEvent.objects.exists()
    assert mail.outbox == []
