#!/usr/bin/env python3
"""A real SMTP server for the notifier tests (aiosmtpd).

Listens on 127.0.0.1 (any free port), offers STARTTLS with a generated certificate (or TLS from the
first byte with --implicit-tls, or no TLS at all with --no-tls), AUTH PLAIN/LOGIN only after TLS,
and writes every accepted message into --dir as msg-N.eml (raw DATA bytes) plus msg-N.json
({"mail_from", "rcpt_tos", "tls", "auth_login"}), each written atomically. --reject ADDRESS refuses
that recipient with 550. --stall-failed-auth never answers credentials it refuses (as aiosmtpd's default
authenticator, and tarpitting servers, do) instead of answering 535. Prints one JSON line {"port", "ca"} and writes it to --dir/ready.json (atomically) when ready, and exits when stdin closes
so a crashed test run leaves no server behind.
"""
import argparse
import asyncio
import json
import os
import ssl
import sys
import threading

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import testcerts  # noqa: E402


class Handler:
    def __init__(self, folder, rejected):
        self.folder = folder
        self.rejected = {address.lower() for address in rejected}
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.rejected:
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.folder, f"msg-{self.count:04d}")
        meta = {"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
                "tls": session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None, "auth_login": session.auth_data if session.authenticated else None}
        _write(base + ".eml", envelope.original_content)
        _write(base + ".json", json.dumps(meta).encode())
        return "250 2.0.0 OK: queued"


def _write(path, data):
    temporary = path + ".tmp"
    with open(temporary, "wb") as f:
        f.write(data)
    os.rename(temporary, path)


def authenticator(user, password, stall):
    def check(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user
              and auth_data.password.decode() == password)
        if ok:
            return AuthResult(success=True, auth_data=auth_data.login.decode())
        # handled=False makes aiosmtpd answer 535 itself; handled=True (its default) leaves the client waiting.
        return AuthResult(success=False, handled=stall)
    return check


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--user")
    parser.add_argument("--password")
    parser.add_argument("--reject", action="append", default=[])
    parser.add_argument("--implicit-tls", action="store_true")
    parser.add_argument("--no-tls", action="store_true")
    parser.add_argument("--stall-failed-auth", action="store_true")
    args = parser.parse_args()

    os.makedirs(args.dir, exist_ok=True)
    certs = testcerts.generate(args.dir)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(certs["server.pem"], certs["server.key"])
    handler = Handler(args.dir, args.reject)
    auth = authenticator(args.user, args.password, args.stall_failed_auth) if args.user else None

    def factory():
        return SMTP(handler, hostname="kcw-test-smtp",
                    tls_context=None if (args.no_tls or args.implicit_tls) else context,
                    require_starttls=False, auth_required=bool(args.user), auth_require_tls=True,
                    authenticator=auth, decode_data=False)

    loop = asyncio.get_running_loop()
    server = await loop.create_server(factory, "127.0.0.1", 0,
                                      ssl=context if args.implicit_tls else None)
    port = server.sockets[0].getsockname()[1]
    ready = json.dumps({"port": port, "ca": certs["ca.pem"]})
    _write(os.path.join(args.dir, "ready.json"), ready.encode())
    print(ready, flush=True)

    stop = asyncio.Event()
    threading.Thread(target=lambda: (sys.stdin.read(), loop.call_soon_threadsafe(stop.set)), daemon=True).start()
    await stop.wait()
    server.close()


if __name__ == "__main__":
    asyncio.run(main())
