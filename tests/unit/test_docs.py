"""What the documentation lists agrees with what the collection ships."""

import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PLAYBOOKS_GUIDE = os.path.join(ROOT, "docs", "docsite", "rst", "guide_playbooks.rst")
NUMBERS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def shipped_playbooks():
    return sorted(name[:-4] for name in os.listdir(os.path.join(ROOT, "playbooks")) if name.endswith(".yml"))


def guide_sections(text):
    """The names of the playbooks the guide has a section for: a title ``haivision.hmp.NAME`` underlined."""
    return re.findall(r"^``haivision\.hmp\.(\w+)``\n-+$", text, re.M)


def test_every_playbook_has_a_section_in_the_playbooks_guide_and_every_section_a_playbook():
    with open(PLAYBOOKS_GUIDE, encoding="utf-8") as handle:
        text = handle.read()
    listed = guide_sections(text)
    shipped = shipped_playbooks()
    assert len(listed) == len(set(listed)), "a playbook has two sections in guide_playbooks.rst: %s" % listed
    missing = sorted(set(shipped) - set(listed))
    assert not missing, "playbooks/ ships %s, which docs/docsite/rst/guide_playbooks.rst does not list" % missing
    unknown = sorted(set(listed) - set(shipped))
    assert not unknown, "docs/docsite/rst/guide_playbooks.rst lists %s, which playbooks/ does not have" % unknown
    counted = re.search(r"The collection ships (\w+) playbooks", text)
    assert counted and counted.group(1) == NUMBERS[len(shipped)], \
        "guide_playbooks.rst says it ships %s playbooks; playbooks/ has %d" % (counted and counted.group(1), len(shipped))


def test_the_check_of_the_playbooks_guide_sees_a_section_missing_or_one_too_many():
    text = "Intro\n\n``haivision.hmp.site``\n----------------------\n\nText.\n\n``haivision.hmp.gone``\n--------\n"
    assert guide_sections(text) == ["site", "gone"]
    assert guide_sections("``haivision.hmp.site`` in a sentence\n") == []
