"""The home page and the admin, including the DEMO label."""

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


def test_home_page_labels_demo_data(demo, client):
    page = client.get("/").content.decode()
    assert "DEMO DATA" in page
    assert "Respect and Protection of Fundamental Freedoms" in page


def test_home_page_has_no_demo_label_without_demo_data(programme, client):
    page = client.get("/").content.decode()
    assert "DEMO DATA" not in page


def test_home_page_shows_no_draft_text(demo, client):
    from civicspace.assessments.models import DimensionScore

    page = client.get("/").content.decode()
    for score in DimensionScore.objects.all()[:20]:
        assert score.justification[:40] not in page


def test_admin_lists_cycles_with_the_demo_label(demo, client):
    get_user_model().objects.create_superuser("editor", password="a-long-test-password")
    client.force_login(get_user_model().objects.get(username="editor"))
    page = client.get("/admin/assessments/cycle/").content.decode()
    assert "DEMO DATA" in page
    assert "Kazakhstan</a>" in page


def test_admin_requires_login(client):
    assert client.get("/admin/assessments/cycle/").status_code == 302


def test_database_refuses_a_score_off_the_scale(programme):
    from django.db import IntegrityError, transaction

    from civicspace.assessments.models import Cycle, DimensionScore

    with pytest.raises(IntegrityError), transaction.atomic():
        DimensionScore.objects.create(cycle=Cycle.objects.all()[0], dimension="4.1", value=6)


def test_model_validation_matches_the_import_rules(programme):
    from django.core.exceptions import ValidationError

    from civicspace.assessments.models import Cycle, DimensionScore

    cycle = Cycle.objects.all()[0]
    with pytest.raises(ValidationError, match=r"1\.1 is not a panel-scored dimension"):
        DimensionScore(cycle=cycle, dimension="1.1", value=3).full_clean()
    with pytest.raises(ValidationError, match=r"0\.5 is outside the scale 1-5"):
        DimensionScore(cycle=cycle, dimension="4.1", value="0.5").full_clean()
    cycle.edition = "eusee-1999"
    with pytest.raises(ValidationError, match="no framework edition 'eusee-1999'"):
        cycle.full_clean()


def test_the_admin_reads_in_the_readers_language(programme, client):
    from django.utils import translation
    from django.utils.text import capfirst
    from django.utils.translation import gettext

    from civicspace.assessments.models import Cycle
    from civicspace.audit.models import AuditEvent

    client.force_login(get_user_model().objects.create_superuser("root", password="x" * 16))
    page = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    with translation.override("ru"):
        assert f"<title>{gettext('Site administration')} | " in page
        assert gettext("civicspace administration") in page
        assert str(capfirst(Cycle._meta.verbose_name_plural)) in page
        assert str(capfirst(AuditEvent._meta.verbose_name_plural)) in page
        assert str(Cycle._meta.app_config.verbose_name) in page
