"""`casequiz bank export --to anki|qti`: the files the writers make, through the command line."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
from lxml import etree

from casequiz.bank.load import load_banks
from cli_support import run

ROOT = Path(__file__).resolve().parents[1]
CASE = ROOT / "questions" / "cambodia"
DTD = etree.DTD(
    str(
        ROOT.parent
        / "shared"
        / "corpora"
        / "qti"
        / "pyslet"
        / "data_imsqtiv1p2p1"
        / "ims_qtiasiv1p2p1.dtd"
    )
)
BANKS = [loaded.bank for loaded in load_banks([CASE])]
QUESTIONS = sum(len(bank.questions) for bank in BANKS)

pytestmark = pytest.mark.usefixtures("env")


def test_the_bundled_case_as_an_anki_deck(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "cambodia.apkg"
    code, stdout, stderr = run(capsys, "bank", "export", str(CASE), "-o", str(out), "--subdecks")
    assert (code, stdout) == (0, "")
    assert f"{out}: {QUESTIONS} questions written as anki" in stderr
    col = Collection(str(tmp_path / "collection.anki2"))
    try:
        request = ImportAnkiPackageRequest(
            package_path=str(out), options=ImportAnkiPackageOptions()
        )
        col.import_anki_package(request)
        assert col.note_count() == QUESTIONS
        names = [d.name for d in col.decks.all_names_and_ids()]
        assert sum("::" in name for name in names) == sum(len(b.topics()) for b in BANKS)
    finally:
        col.close()


def test_the_bundled_case_as_a_qti_package(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "cambodia.zip"
    code, _, stderr = run(capsys, "bank", "export", str(CASE), "-o", str(out))
    assert code == 0
    assert f"{out}: {QUESTIONS} questions written as qti" in stderr
    assert "cambodia-political-timeline: written as matching questions" in stderr
    with zipfile.ZipFile(io.BytesIO(out.read_bytes())) as archive:
        assessments = [n for n in archive.namelist() if n != "imsmanifest.xml"]
        assert len(assessments) == len(BANKS)
        for name in assessments:
            assert DTD.validate(etree.fromstring(archive.read(name)))


def test_subdecks_are_for_anki_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x.zip"
    code, _, stderr = run(
        capsys, "bank", "export", str(CASE), "--to", "qti", "--subdecks", "-o", str(out)
    )
    assert code == 2 and "--subdecks applies to --to anki" in stderr
    assert not out.exists()
