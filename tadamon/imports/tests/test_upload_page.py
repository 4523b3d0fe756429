import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tadamon.imports.models import ImportRun
from tadamon.imports.tests.helpers import csv_bytes, org_row
from tadamon.registry.models import Organization

ADD = reverse("admin:imports_importrun_add")


@pytest.fixture(autouse=True)
def imports_in_the_request(settings):
    settings.TADAMON_IMPORTS_IN_BACKGROUND = False


def upload(client, data: bytes, name="odco.csv", **fields):
    form = {"kind": "organizations", "on_error": "abort", **fields}
    form["file"] = SimpleUploadedFile(name, data, content_type="text/csv")
    return client.post(ADD, form, follow=True)


def windows_file(province="الحسيمة") -> bytes:
    rows = [org_row("ODCO-1"), org_row("ODCO-2", name_ar="تعاونية الأمل", province_code=province)]
    return csv_bytes(rows, delimiter=";", encoding="cp1256")


def test_a_registrar_uploads_a_windows_file_sees_its_errors_fixes_it_and_imports_it(
    client, registrar_tanger
):
    client.force_login(registrar_tanger)
    page = client.get(ADD)
    assert page.status_code == 200 and 'dir="rtl"' in page.content.decode()
    response = upload(client, windows_file(province="أطلانتس"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "import-not-written" in content
    assert "الإقليم أو العمالة «أطلانتس» غير موجود" in content  # the page speaks Arabic
    assert not Organization.objects.exists()
    run = ImportRun.objects.get()
    assert run.summary["separator"] == ";" and run.summary["encoding"] == "cp1256"
    rejected = client.get(reverse("admin:imports_importrun_rejected", args=[run.pk]))
    text = rejected.content.decode("utf-8-sig")
    assert "أطلانتس" in text and "inconnue" in text and text.splitlines()[1].endswith(";3")
    response = upload(client, windows_file())
    assert "import-written" in response.content.decode()
    assert Organization.objects.filter(external_id__in=["ODCO-1", "ODCO-2"]).count() == 2


def test_the_page_speaks_french_when_asked(client, registrar_tanger):
    client.force_login(registrar_tanger)
    client.get(ADD + "?lang=fr")
    response = upload(client, windows_file(province="Atlantis"))
    assert "Province ou préfecture « Atlantis » inconnue" in response.content.decode()


def test_dry_run_from_the_page_writes_nothing(client, national_registrar):
    client.force_login(national_registrar)
    upload(client, windows_file(), dry_run="on")
    assert not Organization.objects.exists()
    assert ImportRun.objects.get().summary["create"] == 2


def test_a_running_import_shows_its_progress(client, registrar_tanger):
    client.force_login(registrar_tanger)
    run = ImportRun.objects.create(
        kind="organizations", filename="f.csv", actor=registrar_tanger, state="running",
        stage="reading", done=50, total=200,
    )  # fmt: skip
    page = client.get(reverse("admin:imports_importrun_change", args=[run.pk])).content.decode()
    assert "hx-trigger" in page and "50 / 200" in page
    progress = client.get(reverse("admin:imports_importrun_progress", args=[run.pk]))
    assert "HX-Refresh" not in progress
    ImportRun.objects.filter(pk=run.pk).update(state="done")
    assert client.get(reverse("admin:imports_importrun_progress", args=[run.pk]))["HX-Refresh"]


def test_a_registrar_does_not_see_another_registrars_import(
    client, registrar_tanger, registrar_casa
):
    run = ImportRun.objects.create(kind="organizations", filename="f.csv", actor=registrar_casa)
    client.force_login(registrar_tanger)
    assert client.get(reverse("admin:imports_importrun_change", args=[run.pk])).status_code == 404


@pytest.mark.parametrize("role", ["analyst", "administrator", "representative"])
def test_other_roles_are_refused(client, role, request, db):
    user = request.getfixturevalue(role)
    user.is_staff = True
    user.save()
    client.force_login(user)
    organizations = Organization.objects.count()
    assert client.get(ADD).status_code == 403
    response = client.post(ADD, {"kind": "organizations", "on_error": "abort",
                                 "file": SimpleUploadedFile("f.csv", windows_file())})  # fmt: skip
    assert response.status_code == 403
    assert not ImportRun.objects.exists() and Organization.objects.count() == organizations


def test_an_anonymous_visitor_is_sent_to_the_login(client):
    response = client.get(ADD)
    assert response.status_code == 302 and "login" in response["Location"]
