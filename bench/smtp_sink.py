"""A real SMTP server for the fan-out benchmark, in a process of its own: accepts every
message on 127.0.0.1:PORT and appends each envelope recipient to FILE, one per line.

    .venv/bin/python bench/smtp_sink.py PORT FILE
"""

import sys
import time

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, path: str):
        self.out = open(path, "a", buffering=1)  # noqa: SIM115 - open for the process's life

    async def handle_DATA(self, server, session, envelope):
        for rcpt in envelope.rcpt_tos:
            self.out.write(rcpt + "\n")
        return "250 OK"


def main() -> None:
    port, path = int(sys.argv[1]), sys.argv[2]
    controller = Controller(Sink(path), hostname="127.0.0.1", port=port)
    controller.start()
    print(f"SMTP sink on 127.0.0.1:{port}, recipients to {path}", flush=True)
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
