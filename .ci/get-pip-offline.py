"""Offline stand-in for the get-pip.py bootstrap script that ansible-test downloads.

ansible-test (ansible_test/_util/target/setup/requirements.py, ``bootstrap``) creates each
managed virtual environment with ``python -m venv --without-pip`` and then runs

    <venv python> ~/.ansible/test/cache/get_pip_<pip version>.py \
        --disable-pip-version-check pip==<pip version> --no-setuptools --no-wheel

It only downloads the real script from ci-files.testing.ansible.com when that cache file is
missing. This stand-in does the same job with what the interpreter ships and the package index:
``python -m ensurepip`` puts the bundled pip in place, then ``python -m pip install`` installs the
requested packages (the exact pip version). ``--no-setuptools``/``--no-wheel`` are get-pip
options, not pip ones: they are removed from the pip arguments and honoured by uninstalling
setuptools/wheel when ensurepip brought them in (Python < 3.12 bundles setuptools).
"""

import importlib.metadata
import subprocess
import sys

GET_PIP_ONLY_OPTIONS = {'--no-setuptools': 'setuptools', '--no-wheel': 'wheel'}


def run(*args):
    """Run ``python -m <args>`` with this interpreter, failing on error."""
    subprocess.run([sys.executable, '-m', *args], check=True)


def installed(name):
    """True when the distribution is installed in this interpreter's environment."""
    try:
        importlib.metadata.distribution(name)
    except importlib.metadata.PackageNotFoundError:
        return False
    return True


def main():
    """Bootstrap pip, install the requested packages, drop the unwanted ones."""
    pip_args = [arg for arg in sys.argv[1:] if arg not in GET_PIP_ONLY_OPTIONS]
    unwanted = [GET_PIP_ONLY_OPTIONS[arg] for arg in sys.argv[1:] if arg in GET_PIP_ONLY_OPTIONS]

    run('ensurepip', '--upgrade', '--default-pip')
    run('pip', 'install', *pip_args)

    unwanted = [name for name in unwanted if installed(name)]
    if unwanted:
        run('pip', 'uninstall', '--yes', '--disable-pip-version-check', *unwanted)


if __name__ == '__main__':
    main()
