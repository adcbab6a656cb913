"""The one "may manage settings" check (indicators, targets, weights, IKP, publishing) used by every reports write."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from agencies import permissions
from reports.ikp import services as ikp_services
from reports.lakip import services as lakip_services
from reports.ranking import services as ranking_services

pytestmark = pytest.mark.django_db


def test_only_the_verifier_manages_settings(verifier, staff_a, leader):
    permissions.require_settings_manager(verifier)
    for user in (staff_a, leader, AnonymousUser()):
        with pytest.raises(PermissionDenied, match="Hanya verifikator provinsi"):
            permissions.require_settings_manager(user)


def test_the_message_of_the_page_is_kept(leader):
    with pytest.raises(PermissionDenied) as raised:
        permissions.require_settings_manager(leader, "Pesan khusus.")
    assert str(raised.value) == "Pesan khusus."


@pytest.mark.parametrize(
    "write",
    [
        lambda user: ranking_services.weights_change(user=user, values={}, note=""),
        lambda user: lakip_services.indicator_create(user=user, data={}),
        lambda user: lakip_services.target_grid_save(user=user, year=2025, cells={}),
        lambda user: ikp_services.ikp_import_commit(user=user, rows=[]),
    ],
)
def test_every_settings_service_refuses_staff_and_leader(write, staff_a, leader):
    for user in (staff_a, leader):
        with pytest.raises(PermissionDenied):
            write(user)
