"""A local SMTP server that keeps every message it receives, one .eml file each.

The end-to-end run points Odoo's outgoing mail server at it, then reads the
folder to check what customers really got.
"""

import argparse
import itertools
import signal
import threading
from pathlib import Path

from aiosmtpd.controller import Controller


class KeepEverything:
    """aiosmtpd handler: writes each message, with its envelope recipients."""

    def __init__(self, folder):
        self.folder = folder
        self.counter = itertools.count(1)

    async def handle_DATA(self, server, session, envelope):
        number = next(self.counter)
        # Write then rename: a reader never sees half a message.
        path = self.folder / f"{number:05d}.eml"
        partial = path.with_suffix(".part")
        header = "".join(f"X-Envelope-To: {rcpt}\r\n" for rcpt in envelope.rcpt_tos)
        partial.write_bytes(header.encode() + envelope.original_content)
        partial.rename(path)
        return "250 Message accepted for delivery"


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--folder", type=Path, required=True)
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    controller = Controller(
        KeepEverything(args.folder), hostname="127.0.0.1", port=args.port
    )
    controller.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_args: stop.set())
    signal.signal(signal.SIGINT, lambda *_args: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
