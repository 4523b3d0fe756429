"""`tadamon export`: each format, `all`, progress, and errors in Arabic and French."""

import io
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from tadamon.exports.tests.conftest import BASE_URL

ARABIC = "\u0600-\u06ff"


def run(*args, **kwargs):
    out = io.StringIO()
    call_command("export", *args, stdout=out, **kwargs)
    return out.getvalue()


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("csv", ["organizations.csv", "declarations-by-province.csv"]),
        ("xlsx", ["organizations.xlsx", "declarations-by-province.xlsx"]),
        ("datapackage", ["datapackage/datapackage.json", "datapackage/organizations.csv",
                         "datapackage/declarations-by-province.csv"]),
        ("jsonld", ["organizations.jsonld"]),
        ("murmurations", ["murmurations/01-2020-000001-0.json"]),
    ],
)  # fmt: skip
def test_each_format_writes_its_files_and_only_them(open_registry, tmp_path, fmt, expected):
    out = tmp_path / "out"
    printed = run("--format", fmt, str(out), "--no-progress", "--base-url", BASE_URL)
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    for name in expected:
        assert name in written
    assert all(w.split("/")[0] in {e.split("/")[0] for e in expected} for w in written)
    assert "→" in printed


def test_all_writes_every_format_into_one_folder(exported):
    names = {p.name for p in exported.iterdir()}
    assert names == {"organizations.csv", "declarations-by-province.csv", "organizations.xlsx",
                     "declarations-by-province.xlsx", "datapackage", "organizations.jsonld",
                     "murmurations"}  # fmt: skip
    assert len(list((exported / "murmurations").iterdir())) == 5


def test_several_formats_separated_by_commas(open_registry, tmp_path):
    run("--format", "jsonld,csv", str(tmp_path), "--no-progress")
    assert (tmp_path / "organizations.jsonld").exists()
    assert (tmp_path / "organizations.csv").exists()
    assert not (tmp_path / "organizations.xlsx").exists()


def test_a_progress_bar_follows_the_rows(open_registry, tmp_path, monkeypatch):
    reports = []
    from tadamon.exports.management.commands import export as command

    original = command.Command._reporter

    def spy(self, progress):
        report = original(self, progress)
        return lambda stage, done, total: (reports.append((stage, done, total)),
                                           report(stage, done, total))  # fmt: skip

    monkeypatch.setattr(command.Command, "_reporter", spy)
    run("--format", "csv", str(tmp_path))
    assert ("organizations.csv", 5, 5) in reports
    assert any(stage == "declarations-by-province.csv" for stage, _d, _t in reports)


def test_an_unknown_format_is_refused_in_arabic_and_french(tmp_path):
    with pytest.raises(CommandError) as refusal:
        run("--format", "pdf", str(tmp_path / "out"))
    message = str(refusal.value)
    assert "صيغة غير معروفة" in message and "Format inconnu" in message and "pdf" in message
    assert not (tmp_path / "out").exists()


def test_an_out_that_cannot_take_files_is_refused(open_registry, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(CommandError) as refusal:
        run("--format", "csv", str(blocker))
    assert "ملف وليس مجلدا" in str(refusal.value) and "pas un dossier" in str(refusal.value)
    with pytest.raises(CommandError) as refusal:
        run("--format", "csv", str(blocker / "below"))
    assert "تعذرت الكتابة" in str(refusal.value) and "écriture impossible" in str(refusal.value)


def test_a_base_url_that_is_not_http_is_refused(tmp_path):
    with pytest.raises(CommandError, match="https://"):
        run("--format", "jsonld", str(tmp_path), "--base-url", "tadamon.ma")


def test_the_console_shows_the_error_without_a_stack_trace(tmp_path):
    """As a person types it: exit status 1, both languages, no Traceback."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tadamon.settings"}
    result = subprocess.run(
        [sys.executable, "-m", "tadamon.cli", "export", "--format", "docx", str(tmp_path)],
        capture_output=True, text=True, env=env, cwd=settings.PROJECT_DIR, timeout=120,
    )  # fmt: skip
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert "صيغة غير معروفة" in result.stderr and "Format inconnu" in result.stderr
