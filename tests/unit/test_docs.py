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
    said = counted.group(1) if counted else None
    assert said == NUMBERS[len(shipped)], "guide_playbooks.rst says it ships %s playbooks; playbooks/ has %d" % (
        said, len(shipped))


def test_the_check_of_the_playbooks_guide_sees_a_section_missing_or_one_too_many():
    text = "Intro\n\n``haivision.hmp.site``\n----------------------\n\nText.\n\n``haivision.hmp.gone``\n--------\n"
    assert guide_sections(text) == ["site", "gone"]
    assert guide_sections("``haivision.hmp.site`` in a sentence\n") == []


# ------------------------------------------------------------------ the support matrix
def read(*path):
    with open(os.path.join(ROOT, *path), encoding="utf-8") as handle:
        return handle.read()


def releases_tested():
    """{ansible-core release: the Python its test venv is made with}: .venv (requirements-dev.txt, $(PYTHON)) and
    each .venv-sanity-2.NN (requirements/sanity-2.NN.txt, $(PYTHON_sanity-2.NN) or $(PYTHON)), as the Makefile
    makes them."""
    makefile = read("Makefile")
    default = re.search(r"^PYTHON \?= python(3\.\d+)$", makefile, re.M).group(1)

    def release(path):
        return re.search(r"^ansible-core==(\d+\.\d+)\.", read(path), re.M).group(1)

    found = {release("requirements-dev.txt"): default}
    for name in sorted(os.listdir(os.path.join(ROOT, "requirements"))):
        if name.startswith("sanity-"):
            own = re.search(r"^PYTHON_%s = \$\(call python_for,(3\.\d+)\)$" % re.escape(name[:-4]), makefile, re.M)
            found[release(os.path.join("requirements", name))] = own.group(1) if own else default
    return found


def test_the_support_matrix_names_each_ansible_core_release_tested_with_the_python_of_its_venv():
    releases = releases_tested()
    assert len(releases) >= 4, releases
    readme = set(re.findall(r"^\| (2\.\d+) \| (3\.\d+) \|", read("README.md"), re.M))
    guide = set(re.findall(r"^   \* - (2\.\d+)\n     - (3\.\d+)$", read("docs", "docsite", "rst", "guide_support.rst"),
                           re.M))
    assert readme == set(releases.items()), ("README.md's Requirements", sorted(readme), sorted(releases.items()))
    assert guide == set(releases.items()), ("guide_support.rst", sorted(guide), sorted(releases.items()))
    oldest = min(releases, key=lambda r: tuple(int(n) for n in r.split(".")))
    assert re.search(r'^requires_ansible: ">=%s\.0"$' % re.escape(oldest), read("meta", "runtime.yml"), re.M), oldest


def test_every_guide_is_in_the_docs_site_and_every_entry_of_the_site_is_a_guide():
    listed = re.findall(r"^      - (\w+)$", read("docs", "docsite", "extra-docs.yml"), re.M)
    pages = sorted(name[:-4] for name in os.listdir(os.path.join(ROOT, "docs", "docsite", "rst"))
                   if name.endswith(".rst"))
    left_out, unknown = sorted(set(pages) - set(listed)), sorted(set(listed) - set(pages))
    assert not left_out, "docs/docsite/extra-docs.yml leaves out %s" % left_out
    assert not unknown, "docs/docsite/extra-docs.yml lists %s, which docs/docsite/rst/ does not have" % unknown
    assert len(listed) == len(set(listed)), listed


def test_galaxy_yml_links_the_repository_its_issues_and_documentation_as_the_readme_does():
    import yaml
    with open(os.path.join(ROOT, "galaxy.yml"), encoding="utf-8") as handle:
        galaxy = yaml.safe_load(handle)
    for key in ("repository", "homepage", "issues", "documentation"):
        assert galaxy.get(key, "").startswith(galaxy["repository"]), key
    readme = read("README.md")
    for key in ("issues", "documentation"):
        assert galaxy[key] in readme, "README.md does not give galaxy.yml's %s, %s" % (key, galaxy[key])
