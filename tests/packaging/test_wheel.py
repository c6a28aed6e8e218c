"""The package as people install it: `uv build` makes the sdist and, from it, the wheel;
the wheel goes into a fresh virtual environment in a temp directory (not editable, not
the checkout's .venv) and serves the API and the web app from there.

Needs the web app's export (web/out, made by `make web`; `make test` makes it first)
and an index for the wheel's dependencies. Under CI=true it never skips."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import httpx
import pytest

from tests.conftest import IN_CI
from tests.servers import free_port, stop, wait_healthy

pytestmark = [pytest.mark.packaging, pytest.mark.timeout(600)]

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
VERSION = PYPROJECT["project"]["version"]
EXPORT = ROOT / "web" / "out"
WEB_SOURCES = ("web/src", "web/public", "web/package.json", "web/next.config.ts")
MIGRATIONS = ROOT / "src" / "authgate" / "infrastructure" / "db" / "migrations" / "versions"
WHEEL_BUDGET = 3 * 1024 * 1024  # bytes; the web export is most of it


def _needs(problem: str | None) -> None:
    if problem is None:
        return
    if IN_CI:
        pytest.fail(f"{problem} (required under CI=true)")
    pytest.skip(problem)


def _export_problem() -> str | None:
    index = EXPORT / "index.html"
    if not index.is_file():
        return "web/out is missing: run `make web`"
    built = index.stat().st_mtime
    for name in WEB_SOURCES:
        path = ROOT / name
        files = [path] if path.is_file() else list(path.rglob("*")) if path.is_dir() else []
        if any(f.is_file() and f.stat().st_mtime > built for f in files):
            return f"web/out is older than {name}: run `make web`"
    return None


def _uv() -> list[str] | None:
    """uv as the Makefile runs it (`python3 -m uv`), else a `uv` on the PATH."""
    for command in (["python3", "-m", "uv"], ["uv"]):
        if shutil.which(command[0]) is None:
            continue
        done = subprocess.run([*command, "--version"], capture_output=True, check=False)
        if done.returncode == 0:
            return command
    return None


def _clean_env(**extra: str) -> dict[str, str]:
    """This process's environment without anything that points into the checkout."""
    drop = ("AUTHGATE_", "VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "UV_PROJECT")
    env = {k: v for k, v in os.environ.items() if not k.startswith(drop)}
    env.update(extra)
    return env


@dataclass(frozen=True)
class Dist:
    wheel: Path
    sdist: Path


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Dist:
    _needs(_export_problem())
    uv = _uv()
    _needs(None if uv else "uv is not installed (`make install` installs it)")
    assert uv is not None
    out = tmp_path_factory.mktemp("dist")
    # The sdist first, then the wheel from the unpacked sdist: what `uv build` and
    # `python -m build` do, so the sdist alone must be enough to make the wheel.
    done = subprocess.run(
        [*uv, "build", "--out-dir", str(out), str(ROOT)],
        cwd=out,
        env=_clean_env(),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    (wheel,) = out.glob(f"authgate-{VERSION}-py3-none-any.whl")
    (sdist,) = out.glob(f"authgate-{VERSION}.tar.gz")
    return Dist(wheel, sdist)


def _requirement_name(requirement: str) -> str:
    name = re.match(r"[A-Za-z0-9._-]+", requirement.strip())
    assert name is not None, requirement
    return re.sub(r"[-_.]+", "-", name.group(0)).lower()


def test_the_wheel_carries_the_web_app_migrations_and_password_list(dist: Dist) -> None:
    names = zipfile.ZipFile(dist.wheel).namelist()
    assert "authgate/web_export/index.html" in names
    assert "authgate/web_export/login/index.html" in names
    assert any(n.startswith("authgate/web_export/_next/static/") for n in names)
    assert any(n.startswith("authgate/web_export/swagger-ui/") for n in names)
    assert "authgate/data/common-passwords.txt" in names
    assert "authgate/infrastructure/db/migrations/env.py" in names
    for migration in MIGRATIONS.glob("*.py"):
        assert f"authgate/infrastructure/db/migrations/versions/{migration.name}" in names
    for name in names:
        parts = name.split("/")
        assert "node_modules" not in parts and ".next" not in parts, name
        assert parts[0] not in ("tests", "web", "bench"), name
    assert dist.wheel.stat().st_size < WHEEL_BUDGET


def test_no_test_or_dev_dependency_among_the_requirements(dist: Dist) -> None:
    metadata = zipfile.ZipFile(dist.wheel).read(f"authgate-{VERSION}.dist-info/METADATA")
    required = {
        _requirement_name(line.split(":", 1)[1])
        for line in metadata.decode().splitlines()
        if line.startswith("Requires-Dist:")
    }
    declared = {_requirement_name(r) for r in PYPROJECT["project"]["dependencies"]}
    development = {
        _requirement_name(r) for group in PYPROJECT["dependency-groups"].values() for r in group
    }
    assert required == declared
    assert not required & development


def test_the_sdist_has_the_export_and_the_sources_but_no_build_leftovers(dist: Dist) -> None:
    with tarfile.open(dist.sdist) as archive:
        names = [n.split("/", 1)[1] for n in archive.getnames() if "/" in n]
    assert "web/out/index.html" in names and "hatch_build.py" in names
    assert "web/package-lock.json" in names and "src/authgate/cli.py" in names
    for name in names:
        parts = name.split("/")
        assert "node_modules" not in parts and ".next" not in parts, name


def test_a_build_without_the_web_export_fails_and_says_what_to_run(tmp_path: Path) -> None:
    uv = _uv()
    _needs(None if uv else "uv is not installed (`make install` installs it)")
    assert uv is not None
    project = tmp_path / "project"
    project.mkdir()
    for name in ("pyproject.toml", "hatch_build.py", "README.md"):
        shutil.copy(ROOT / name, project / name)
    shutil.copytree(ROOT / "src", project / "src", ignore=shutil.ignore_patterns("__pycache__"))
    done = subprocess.run(
        [*uv, "build", "--wheel", "--out-dir", str(tmp_path / "out"), str(project)],
        env=_clean_env(),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode != 0
    said = done.stdout + done.stderr
    assert "web/out/index.html is missing" in said and "make dist" in said
    assert not list((tmp_path / "out").glob("*.whl"))


class _Assets(HTMLParser):
    """The scripts (and style sheets) a page's HTML loads or preloads."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[str] = []
        self.styles: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        rel = (attributes.get("rel") or "").split()
        if tag == "script" and attributes.get("src"):
            self.scripts.append(str(attributes["src"]))
        elif tag == "link" and attributes.get("href"):
            href = str(attributes["href"])
            if "modulepreload" in rel or ("preload" in rel and attributes.get("as") == "script"):
                self.scripts.append(href)
            elif "stylesheet" in rel:
                self.styles.append(href)


@pytest.fixture
def installed(tmp_path: Path) -> Path:
    """A fresh virtual environment in a temp directory, outside the checkout."""
    assert not tmp_path.resolve().is_relative_to(ROOT)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    return venv


def test_the_installed_wheel_serves_the_api_and_the_web_app(
    dist: Dist, installed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bin_dir = installed / "bin"
    home = tmp_path / "run"  # the server's working directory: no web/out, no checkout
    home.mkdir()
    env = _clean_env(PIP_DISABLE_PIP_VERSION_CHECK="1")

    # What a person does: install the wheel, then `authgate serve`.
    started = time.monotonic()
    pip = subprocess.run(
        [str(bin_dir / "python"), "-m", "pip", "install", "--quiet", str(dist.wheel)],
        cwd=home,
        env=env,
        capture_output=True,
        text=True,
        timeout=480,
        check=False,
    )
    assert pip.returncode == 0, pip.stdout + pip.stderr
    installed_at = time.monotonic()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    serve_env = {**env, "AUTHGATE_DATA_DIR": str(tmp_path / "data"), "AUTHGATE_PUBLIC_URL": base}
    log_path = tmp_path / "serve.log"
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            [str(bin_dir / "authgate"), "serve", "--port", str(port)],
            cwd=home,
            env=serve_env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        try:
            wait_healthy(base, proc)
        except AssertionError:
            raise AssertionError(log_path.read_text()) from None
        healthy_at = time.monotonic()
        _check_the_running_service(base)
    finally:
        stop(proc)  # by its PID (its process group)

    # Every module imports with the wheel's own requirements: the ones that load a
    # library only when a feature is configured (OIDC, passkeys, SMTP, Redis) too.
    count = _run(bin_dir, ["python", "-c", IMPORT_EVERY_MODULE], home, env)
    assert int(count) > 100, count
    version = _run(bin_dir, ["authgate", "--version"], home, env)
    assert version == f"authgate {VERSION}"
    module = _run(bin_dir, ["python", "-c", "import authgate; print(authgate.__file__)"], home, env)
    assert Path(module).is_relative_to(installed), module
    # The web app comes from inside the package, unless AUTHGATE_WEB_DIR says otherwise.
    own = tmp_path / "own-web"
    own.mkdir()
    (own / "index.html").write_text("<!doctype html><title>own</title>")
    packaged = Path(_run(bin_dir, ["python", "-c", WEB_DIRECTORY], home, env))
    assert packaged.is_relative_to(installed) and packaged.parts[-2:] == ("authgate", "web_export")
    chosen = _run(
        bin_dir, ["python", "-c", WEB_DIRECTORY], home, {**env, "AUTHGATE_WEB_DIR": str(own)}
    )
    assert Path(chosen) == own

    size = dist.wheel.stat().st_size
    with capsys.disabled():
        print(
            f"\n[packaging] {dist.wheel.name}: {size / 1024:.0f} KiB "
            f"(sdist {dist.sdist.stat().st_size / 1024:.0f} KiB); "
            f"pip install {installed_at - started:.1f} s, then `authgate serve` healthy "
            f"{healthy_at - installed_at:.1f} s later: {healthy_at - started:.1f} s in all"
        )


IMPORT_EVERY_MODULE = (
    "import importlib, pkgutil, authgate\n"
    "names = [m.name for m in pkgutil.walk_packages(authgate.__path__, 'authgate.')]\n"
    "for name in names:\n"
    "    importlib.import_module(name)\n"
    "print(len(names))"
)

WEB_DIRECTORY = (
    "from authgate.config import Settings\n"
    "from authgate.presentation.web import web_directory\n"
    "print(web_directory(Settings()))"
)


def _run(bin_dir: Path, command: list[str], cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run(
        [str(bin_dir / command[0]), *command[1:]],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout.strip()


def _check_the_running_service(base: str) -> None:
    with httpx.Client(base_url=base, timeout=30, follow_redirects=True) as client:
        health = client.get("/api/health")
        assert health.status_code == 200, health.text

        page = client.get("/login")
        assert page.status_code == 200
        assert page.headers["content-type"].startswith("text/html")
        assert 'type="password"' in page.text
        assets = _Assets()
        assets.feed(page.text)
        assert assets.scripts, "the sign-in page loads no script"
        for src in assets.scripts:
            script = client.get(urljoin(str(page.url), src))
            assert script.status_code == 200, src
            assert "javascript" in script.headers["content-type"], src
        for href in assets.styles:
            assert client.get(urljoin(str(page.url), href)).status_code == 200, href

        person = {"name": "Wheel Person", "email": "wheel@example.com"}
        password = "a long wheel passphrase"
        signup = client.post("/api/auth/signup", json={**person, "password": password})
        assert signup.status_code == 201, signup.text
        login = client.post(
            "/api/auth/login", json={"email": person["email"], "password": password}
        )
        assert login.status_code == 200, login.text
        assert login.json()["data"]["user"]["email"] == person["email"]
        # The browser's way: the access token arrives as a cookie (Secure, which a
        # client on plain http keeps to itself, so it is sent back by hand here).
        token = login.cookies["access-token"]
        me = client.get("/api/auth/current-user", headers={"Cookie": f"access-token={token}"})
        assert me.status_code == 200, me.text
        assert me.json()["data"]["email"] == person["email"]
