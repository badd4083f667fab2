"""Production settings refuse to start half-configured and pass Django's deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k" * 20 + "-production-secret-key-with-enough-entropy-1234567890"


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "QUIRE_HTTPS"}
    }
    base.update({"DJANGO_SETTINGS_MODULE": "quire.settings.production", **env})
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=base,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", ALLOWED_HOSTS="quire.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = manage("check", SECRET_KEY=GOOD_KEY)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS is not set" in result.stderr


def test_production_passes_deploy_checks_with_https_settings():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="quire.example.org",
        QUIRE_HTTPS="1",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_settings_read_database_and_cache_urls(tmp_path):
    code = (
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME']);"
        "print(s.CACHES['default']['BACKEND']); print(s.MEDIA_ROOT); print(s.EMAIL_HOST)"
    )
    result = manage(
        "shell",
        "-c",
        code,
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="x.org",
        DATABASE_URL="postgres://quire@db.internal:5432/quire",
        CACHE_URL="redis://cache.internal:6379/2",
        MEDIA_ROOT=str(tmp_path),
        EMAIL_URL="smtp+tls://mailer:pw@mail.example.org:587",
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()[-4:]
    assert lines[0] == "django.db.backends.postgresql quire"
    assert lines[1] == "django_redis.cache.RedisCache"
    assert lines[2] == str(tmp_path)
    assert lines[3] == "mail.example.org"
