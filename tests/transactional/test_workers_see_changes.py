"""Changes made by one process are seen at once by every web worker, with real processes.

Two granian servers (one worker each, so each can be asked directly) run on the
production settings against one SQLite database and one page-cache counter file, as two
workers of one host do; a third process (``manage.py shell``) renames a channel, renames
a consent service and adds an ad slot, as an operator's script or the editor in another
worker would. Each change must be on the next page each worker serves, cached or not,
with the memory cache and with Redis."""

import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

from tests.transactional.test_serve import _free_port, _until

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable

SETUP = """
from quire.articles.models import ChannelPage
from quire.consent.models import Category, Service
from tests.factories import UserFactory, make_hub

food = ChannelPage.objects.get(slug="food")
make_hub(food, UserFactory(), title="Bread at dawn")
Service.objects.create(
    key="testads", name="Test Ads", category=Category.MARKETING, hosts="ads.example.net",
    enabled=True,
)
"""

CHANGES = {
    "channel": """
from quire.articles.models import ChannelPage
food = ChannelPage.objects.get(slug="food")
food.title = "Food and Drink"
food.save_revision().publish()
""",
    "service": """
from quire.consent.models import Service
service = Service.objects.get(key="testads")
service.name = "Renamed Ads Network"
service.save()
""",
    "ad slot": """
from quire.earnings.models import AdSlot
AdSlot.objects.update_or_create(
    position="below", defaults={"network": "testads", "code": "<ins>ad</ins>", "enabled": True}
)
""",
}

# What each worker's pages show once the change is seen: (path, text).
SEEN = {
    "channel": [("/", ">Food and Drink<"), ("/food/bread-at-dawn/", ">Food and Drink<")],
    "service": [("/", "Renamed Ads Network"), ("/food/bread-at-dawn/", "Renamed Ads Network")],
    "ad slot": [("/food/bread-at-dawn/", 'data-ad-slot="below"')],
}


def _page(url: str) -> tuple[str, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - 127.0.0.1
            return response.headers.get("X-Quire-Cache", ""), response.read().decode()
    except (urllib.error.URLError, OSError):
        return "", ""


def _env(folder: Path, database: Path, static: Path, cache: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "CACHE_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="quire.settings.production",
        SECRET_KEY="workers-test-" + "k" * 50,
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{database}",
        CACHE_URL=cache,
        CACHE_KEY_PREFIX=f"workers-test-{uuid.uuid4().hex[:12]}",
        STATIC_ROOT=str(static),
        MEDIA_ROOT=str(folder / "media"),
        PRIVATE_ROOT=str(folder / "private"),
        QUIRE_PAGE_CACHE_FILE=str(folder / "pagecache"),
        EMAIL_URL="dummymail://",
    )
    return env


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    """One database and static folder, made once and copied for each cache."""
    folder = tmp_path_factory.mktemp("workers-site")
    env = _env(folder, folder / "quire.sqlite3", folder / "static", "locmemcache://setup")
    run = {"cwd": ROOT, "env": env, "stdout": subprocess.DEVNULL, "check": True}
    manage = [PYTHON, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], timeout=180, **run)  # noqa: S603
    subprocess.run([*manage, "collectstatic", "--noinput", "-v", "0"], timeout=120, **run)  # noqa: S603
    subprocess.run([*manage, "quire_setup"], timeout=60, **run)  # noqa: S603
    subprocess.run([*manage, "shell", "-c", SETUP], timeout=60, **run)  # noqa: S603
    return folder


@pytest.fixture(params=["memory", "redis"])
def site_env(request, tmp_path, prepared):
    database = tmp_path / "quire.sqlite3"
    shutil.copyfile(prepared / "quire.sqlite3", database)
    cache = (
        "locmemcache://workers-test" if request.param == "memory" else "redis://127.0.0.1:6379/3"
    )
    return _env(tmp_path, database, prepared / "static", cache)


@pytest.fixture
def workers(site_env, tmp_path):
    servers = []
    for n in range(2):
        port = _free_port()
        log = (tmp_path / f"worker-{n}.log").open("w")
        command = [
            *(PYTHON, "-m", "granian", "--interface", "wsgi", "--no-ws"),
            *("--workers", "1", "--blocking-threads", "1"),
            *("--host", "127.0.0.1", "--port", str(port), "quire.wsgi:application"),
        ]
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            command, cwd=ROOT, env=site_env, stdout=log, stderr=subprocess.STDOUT
        )
        servers.append((process, f"http://127.0.0.1:{port}"))
    try:
        for _, base in servers:
            _until(lambda b=base: _page(b + "/")[1], 60, "an answer")
        yield [base for _, base in servers]
    finally:
        for process, _ in servers:
            process.terminate()
        for process, _ in servers:
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()


def test_every_worker_sees_a_change_made_in_another_process(site_env, workers):
    pages = {path for seen in SEEN.values() for path, _ in seen}
    for base in workers:
        for path in pages:
            _page(base + path)  # rendered and kept
            assert _page(base + path)[0] == "hit", f"{base}{path} is not kept"
    for change, script in CHANGES.items():
        for base in workers:
            for path, text in SEEN[change]:
                assert text not in _page(base + path)[1], f"{change} already on {path}"
        subprocess.run(  # noqa: S603
            [PYTHON, "manage.py", "shell", "-c", script],
            cwd=ROOT,
            env=site_env,
            check=True,
            timeout=60,
        )
        # Within the time a Redis message takes to arrive, never "while the workers run".
        deadline = time.monotonic() + 2
        for base in workers:
            for path, text in SEEN[change]:
                while text not in (html := _page(base + path)[1]) and time.monotonic() < deadline:
                    time.sleep(0.05)
                assert text in html, f"{change}: {base}{path} still shows the old page"
                # A page kept before the change is not served again after it.
                uncached = _page(f"{base}{path}?seen={change.replace(' ', '-')}")[1]
                assert text in uncached, f"{change}: {base}{path} renders the old state"
