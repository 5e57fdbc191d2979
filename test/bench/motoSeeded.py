"""
moto's Secrets Manager HTTP server with secrets created in process, which is far faster than through its API.

Usage: python3 motoSeeded.py COUNT PORT  (PORT 0 picks a free one). Creates COUNT secrets named
bench/secret-00000, bench/secret-00001, ... in account 123456789012, us-east-1, prints "ready PORT",
then serves on 127.0.0.1 until stdin closes or SIGTERM.
"""
import gc
import logging
import signal
import sys
import threading

from moto.secretsmanager.models import secretsmanager_backends
from moto.server import ThreadedMotoServer


def main() -> None:
    count, port = int(sys.argv[1]), int(sys.argv[2])
    backend = secretsmanager_backends["123456789012"]["us-east-1"]
    for n in range(count):
        backend.create_secret(
            name=f"bench/secret-{n:05d}",
            secret_string=f'{{"user":"svc{n}","password":"pw-{n:05d}"}}',
            secret_binary=None,
            description=f"Bench secret {n}",
            tags=[],
            kms_key_id=None,
            client_request_token=None,
            replica_regions=[],
            force_overwrite=False,
        )
    # Out of the collector's sight: moto builds every secret's dict again for each page of a listing,
    # and the collector's passes over 10,000 seeded secrets would otherwise dominate.
    gc.freeze()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    threading.Thread(target=lambda: (sys.stdin.read(), done.set()), daemon=True).start()
    print(f"ready {server.get_host_and_port()[1]}", flush=True)
    done.wait()
    server.stop()


if __name__ == "__main__":
    main()
