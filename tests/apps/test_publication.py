"""Publishing freezes a snapshot; the public sees snapshots only; corrections are new revisions."""

import pytest
from django.contrib.auth import get_user_model

from civicspace.assessments.panel_services import panel_get_or_create, panelist_add
from civicspace.core.record import checksum
from civicspace.core.workflow import TransitionRefused
from civicspace.editorial.models import Snapshot
from civicspace.editorial.services import cycle_transition
from civicspace.editorial.text_services import TextEntry, texts_save
from tests.apps.helpers import complete, kz, publish

pytestmark = pytest.mark.django_db


def test_publishing_freezes_a_snapshot_with_its_checksum(people):
    member, editor = people
    panelist_add(panel=panel_get_or_create(cycle=kz()), code="P07", name="Secret Name", by=member)
    complete(kz(), member)
    publish(member, editor)
    snapshot = Snapshot.objects.get()
    assert (snapshot.revision, snapshot.correction_note) == (1, "")
    assert snapshot.checksum == checksum(snapshot.data)
    assert [p.score for p in snapshot.record.principles][:2] == [2.2, 2.5]
    assert "Secret Name" not in str(snapshot.data)
    assert "P07" not in str(snapshot.data)  # not even pseudonyms leave the workspace
    with pytest.raises(ValueError, match="immutable"):
        snapshot.save()
    with pytest.raises(ValueError, match="never deleted"):
        snapshot.delete()


def test_the_public_page_shows_the_snapshot_and_never_the_draft(people, client):
    member, editor = people
    complete(kz(), member)
    assert client.get("/reports/KZ/2025/").status_code == 404  # nothing published yet
    publish(member, editor)
    page = client.get("/reports/KZ/2025/").content.decode()
    assert "Country Focus Report: Kazakhstan 2025" in page
    assert "Text for Country context" in page
    assert "CIVICUS Monitor rating published 4 December 2024, 30/100 (repressed)" in page
    cycle_transition(cycle=kz(), action="reopen", by=editor, note="Corrected the 4.1 analysis.")
    texts_save(cycle=kz(), entries={"4.1": TextEntry("An unpublished draft change.", 1)}, by=member)
    page = client.get("/reports/KZ/2025/").content.decode()
    assert "An unpublished draft change." not in page
    assert "Text for 4.1 Transparency" in page


def test_a_correction_is_a_new_revision_with_a_public_note(people, client):
    member, editor = people
    complete(kz(), member)
    publish(member, editor)
    with pytest.raises(TransitionRefused, match="A correction needs a note"):
        cycle_transition(cycle=kz(), action="reopen", by=editor)
    cycle_transition(
        cycle=kz(), action="reopen", by=editor, note="The 4.1 analysis misdated a law."
    )
    texts_save(
        cycle=kz(),
        entries={"4.1": TextEntry("Corrected analysis[^report-4-1-2025].", 1)},
        by=member,
    )
    publish(member, editor)  # reopening is not authorship: the editor may approve again
    assert list(Snapshot.objects.values_list("revision", "correction_note")) == [
        (1, ""),
        (2, "The 4.1 analysis misdated a law."),
    ]
    current = client.get("/reports/KZ/2025/").content.decode()
    assert "Corrected analysis" in current
    assert "The 4.1 analysis misdated a law." in current
    first = client.get("/reports/KZ/2025/revisions/1/").content.decode()
    assert "Text for 4.1 Transparency" in first
    assert "This is revision 1; read the current one" in first
    # One entry for the report, however many revisions it has.
    assert client.get("/reports/").content.decode().count('href="/reports/KZ/2025/"') == 1


def test_public_pages_of_unpublished_cycles_are_404_even_for_staff(people, client):
    member, _ = people
    complete(kz(), member)
    client.force_login(get_user_model().objects.create_superuser("root", password="x" * 16))
    assert client.get("/reports/KZ/2025/").status_code == 404
    assert client.get("/reports/KE/2025/").status_code == 404
    assert "Nothing has been published yet." in client.get("/reports/").content.decode()


def test_the_research_process_states_the_review_only_once_it_happened(people, client):
    member, editor = people
    complete(kz(), member)
    cycle_transition(cycle=kz(), action="submit", by=member)
    cycle_transition(cycle=kz(), action="start_review", by=editor)
    client.force_login(editor)
    draft = client.get("/workspace/KZ/2025/report/").content.decode()
    assert "to be reviewed by the consortium before publication" in draft
    assert "reviewed and approved" not in draft
    cycle_transition(cycle=kz(), action="approve", by=editor)
    approved = client.get("/workspace/KZ/2025/report/").content.decode()
    assert "reviewed and approved by the consortium" in approved


def test_the_research_process_is_written_from_the_cycles_data(people, client):
    member, editor = people
    complete(kz(), member)
    publish(member, editor)
    record = Snapshot.objects.get().record
    text = record.texts["research"]
    assert "met on 17 September 2025" in text  # the cycle's panel date
    assert "CIVICUS Monitor rating published 4 December 2024, the latest published" in text
    # Which rating, and why: the edition's rule with the cycle's cut-off (its period's end).
    assert "end of the reporting period (31 August 2025): 30/100 (repressed)" in text
    assert "P4: 4.1 1/3, 4.2 1/3, 4.3 1/3" in text  # the edition's weights
    cited = [s for s in record.sources if s.cited]
    assert f"{len(cited)} sources are cited" in text
    assert f"followed by {len(record.sources) - len(cited)} further sources consulted" in text
    assert "1 fully disabling; 2 disabling; 3 partially enabling" in text
    assert "reviewed and approved by the consortium" in text
    page = client.get("/reports/KZ/2025/").content.decode()
    assert "<h2>D. Research process</h2>" in page


def test_the_admin_cannot_add_change_or_delete_snapshots_or_audit_events(people, client):
    member, editor = people
    complete(kz(), member)
    publish(member, editor)
    client.force_login(get_user_model().objects.create_superuser("root", password="x" * 16))
    snapshot = Snapshot.objects.get()
    for url in (
        "/admin/editorial/snapshot/add/",
        f"/admin/editorial/snapshot/{snapshot.pk}/delete/",
        "/admin/audit/auditevent/add/",
    ):
        assert client.get(url).status_code == 403, url
    change = client.post(f"/admin/editorial/snapshot/{snapshot.pk}/change/", {"checksum": "0"})
    assert change.status_code == 403
    assert Snapshot.objects.get().checksum == snapshot.checksum
