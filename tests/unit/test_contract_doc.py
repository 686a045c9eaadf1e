"""The contract (docs/docsite/rst/contract.rst) stays true to the project: every entry the code cites exists,
every file an entry names exists, every qualification check it names is one hmp_qualify runs, each variant
V1-V10 has its entry, and no file of the project points outside the repository for its reasoning."""

import os
import re
import subprocess

import pytest

from ansible_collections.haivision.hmp.plugins.module_utils.features._qualify import CHECKS

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CONTRACT = os.path.join(ROOT, "docs", "docsite", "rst", "contract.rst")
LABEL = re.compile(r"^\.\. _ansible_collections\.haivision\.hmp\.docsite\.contract\.([a-z_]+):$", re.M)
CITATION = re.compile(r"\(contract: ([a-z_]+(?:, [a-z_]+)*)\)")


def entries():
    """{id: the text of its entry}."""
    text = open(CONTRACT).read()
    found = list(LABEL.finditer(text))
    return dict((m.group(1), text[m.end():found[i + 1].start() if i + 1 < len(found) else len(text)])
                for i, m in enumerate(found))


def field(entry, name):
    match = re.search(r"^:%s: (.*?)(?=^:[A-Z][a-z]+:|\Z)" % name, entry, re.M | re.S)
    return match.group(1) if match else ""


def project_files():
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout.split()
    return [f for f in listed if os.path.isfile(os.path.join(ROOT, f))]


def test_every_entry_says_what_the_collection_relies_on_where_it_is_documented_and_what_proves_it():
    found = entries()
    assert len(found) >= 30
    for entry_id, entry in found.items():
        for name in ("Relies on", "Documented", "Code", "Tests", "Qualification"):
            assert field(entry, name).strip(), (entry_id, name)


@pytest.mark.parametrize("variant", ["V%d" % n for n in range(1, 11)])
def test_each_variant_has_one_entry_with_its_readings(variant):
    text = open(CONTRACT).read()
    titles = re.findall(r"^([a-z_]+) \(%s\)$" % variant, text, re.M)
    assert len(titles) == 1, titles
    readings = field(entries()[titles[0]], "Variants")
    assert "(a)" in readings and "(b)" in readings


def test_the_files_and_checks_an_entry_names_exist():
    checks = set(check.id for check in CHECKS)
    for entry_id, entry in entries().items():
        for path in re.findall(r"``((?:tests|plugins|hmp_emulator|roles|playbooks)/[^`: ]+)", entry):
            assert os.path.exists(os.path.join(ROOT, path)), (entry_id, path)
        for name in re.findall(r"``([a-z_]+)``", field(entry, "Qualification")):
            assert name in checks, (entry_id, name)


POINTER = re.compile(r"``((?:plugins|hmp_emulator)/[^`]+\.py)``(?: \(((?:[^()]|\([^()]*\))*)\))?")


def defines(text, name):
    """Whether the Python source ``text`` defines ``name`` (``Class.member``: a class and, in the file, a
    method or attribute of that name; ``name``: a function, class or assignment, or at least the word)."""
    if "." in name:
        owner, member = name.split(".", 1)
        return bool(re.search(r"^class %s\b" % owner, text, re.M)) and bool(
            re.search(r"(def %s\b|self\.%s\b|^\s+%s\s*=)" % ((re.escape(member),) * 3), text, re.M))
    return bool(re.search(r"(^\s*(def|class) %s\b|^%s\s*=|\b%s\b)" % ((re.escape(name),) * 3), text, re.M))


def test_every_code_pointer_names_a_file_that_defines_what_it_names():
    """Each ``path`` (``name``, ...) of a Code field: the file exists and defines every name given beside it."""
    checked = 0
    for entry_id, entry in entries().items():
        code = field(entry, "Code")
        assert POINTER.search(code), (entry_id, "no file named in Code")
        for path, names in POINTER.findall(code):
            text = open(os.path.join(ROOT, path), encoding="utf-8").read()
            for name in re.findall(r"``([A-Za-z_][\w.]*)``", names or ""):
                assert defines(text, name), (entry_id, path, name)
                checked += 1
    assert checked > 30


def test_every_citation_of_the_contract_names_an_entry():
    known = set(entries())
    cited = []
    for path in project_files():
        if not path.endswith((".py", ".md", ".rst", ".yml", ".yaml", ".j2")):
            continue
        for match in CITATION.finditer(open(os.path.join(ROOT, path), encoding="utf-8").read()):
            cited += [(path, one) for one in match.group(1).split(", ")]
    assert len(cited) > 20
    assert [(path, one) for path, one in cited if one not in known] == []


def test_no_file_points_outside_the_repository_for_its_reasoning():
    outside = re.compile("|".join((r"\.\./shared", r"shared/hmp-api", r"decision [0-9]+", r"core\.md [0-9§]")))
    offenders = []
    for path in project_files():
        if path == "tests/unit/test_contract_doc.py":
            continue  # the patterns above
        try:
            text = open(os.path.join(ROOT, path), encoding="utf-8").read()
        except (UnicodeDecodeError, IsADirectoryError):
            continue
        offenders += ["%s: %s" % (path, m.group(0)) for m in outside.finditer(text)]
    assert offenders == []
