"""The production start: granian with the web workers respawned when one dies, and the
task workers, all kept running by a small supervisor (quire/core/serve.py)."""

import argparse
import json
import os
import sys

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management.base import BaseCommand, CommandError


def _at_least(minimum: int):
    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
        if number < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}")
        return number

    return parse


def _port(value: str) -> int:
    port = _at_least(1)(value)
    if port > 65535:
        raise argparse.ArgumentTypeError("a port is at most 65535")
    return port


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of seconds") from None
    if not 0 < seconds <= 3600:
        raise argparse.ArgumentTypeError("must be more than 0 and at most 3600 seconds")
    return seconds


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


class Command(BaseCommand):
    help = (
        "Run Quire in production: granian (one worker per core; a worker that dies is "
        "started again) and the task workers (started again when they die), until SIGTERM "
        "or Ctrl-C. Options after -- go to granian."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
        parser.add_argument("--port", type=_port, default=8000, help="port to listen on")
        parser.add_argument(
            "--workers", type=_at_least(1), default=_cores(), help="web worker processes"
        )
        parser.add_argument(
            "--task-workers",
            type=_at_least(0),
            default=1,
            help="task worker processes (0: they run elsewhere)",
        )
        parser.add_argument(
            "--task-interval",
            type=_seconds,
            default=2.0,
            help="seconds an idle task worker waits before looking for tasks again",
        )
        parser.add_argument(
            "--stop-timeout",
            type=_seconds,
            default=30.0,
            help="seconds a stop waits for requests and tasks to finish before ending them",
        )
        parser.add_argument(
            "granian_options", nargs="*", metavar="-- GRANIAN-OPTION", help=argparse.SUPPRESS
        )

    def handle(self, *args, **options):
        if settings.DEBUG:
            raise CommandError(
                "DEBUG is on, which must never be in production. Use the production settings "
                "(DJANGO_SETTINGS_MODULE=quire.settings.production) or set DEBUG=0."
            )
        manifest = getattr(staticfiles_storage, "manifest_name", None)
        if manifest and not staticfiles_storage.manifest_storage.exists(manifest):
            raise CommandError(
                f"The static files are not collected in {settings.STATIC_ROOT}: "
                "run `manage.py collectstatic --noinput` first."
            )
        root = str(settings.BASE_DIR)
        web = [
            sys.executable,
            *("-m", "granian", "--interface", "wsgi", "--no-ws", "--working-dir", root),
            # One thread per worker: measured fastest and steadiest (bench/RESULTS.md).
            *("--workers", str(options["workers"]), "--blocking-threads", "1"),
            *("--host", options["host"], "--port", str(options["port"])),
            "--respawn-failed-workers",
            *options["granian_options"],
            "quire.wsgi:application",
        ]
        tasks = [
            *(sys.executable, os.path.join(root, "manage.py"), "quire_task_worker"),
            *("--interval", str(options["task_interval"]), "--no-reload"),
        ]
        spec = {
            "web": web,
            "tasks": tasks,
            "task_workers": options["task_workers"],
            "stop_timeout": options["stop_timeout"],
        }
        sys.stdout.flush()
        sys.stderr.flush()
        os.chdir(root)
        # The supervisor needs no Django: this process becomes it and lets Django go.
        supervisor = [sys.executable, "-m", "quire.core.serve", json.dumps(spec)]
        os.execv(sys.executable, supervisor)  # noqa: S606 - our own interpreter and module
