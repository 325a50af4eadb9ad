#!/usr/bin/env python3
"""A small HTTPS echo server for the CurlTransport tests.

It generates its own CA, server and client certificates, listens on 127.0.0.1 (port 0 = any free
port), and prints one JSON line on stdout with the port and the PEM file paths, then serves until
killed (or until stdin closes, so a crashed test run leaves no server behind).

Every request is answered with a JSON echo of what arrived: method, path, query, headers, body,
the SNI name the client sent, the client certificate's subject and the client's port (equal
ports across requests = the connection was reused). Query parameters shape the answer:
  status=N          reply with status N
  header=Name:Value add a response header (repeatable)
  delay=SECONDS     wait before replying (timeouts)
  size=N            reply with N bytes of 'x' instead of the echo (large bodies)
  drop=1            promise a longer body, send part of it, then close the connection
With --proxy the process also runs an HTTP CONNECT proxy and reports the tunnels it opened at
GET /_proxylog.
"""
import argparse
import datetime
import ipaddress
import json
import os
import select
import socket
import socketserver
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

PROXY_LOG = []
PROXY_LOCK = threading.Lock()


def _name(common_name):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _issue(subject, key, issuer, issuer_key, *, ca=False, sans=(), usage=None):
    now = datetime.datetime.now(datetime.timezone.utc)
    builder = (x509.CertificateBuilder()
               .subject_name(_name(subject)).issuer_name(issuer)
               .public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(now - datetime.timedelta(minutes=5))
               .not_valid_after(now + datetime.timedelta(days=2))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if ca:
        builder = builder.add_extension(
            x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True, content_commitment=False,
                          key_encipherment=False, data_encipherment=False, key_agreement=False,
                          encipher_only=False, decipher_only=False), critical=True)
    if sans:
        builder = builder.add_extension(x509.SubjectAlternativeName(list(sans)), critical=False)
    if usage:
        builder = builder.add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


def _parse_sans(text):
    sans = []
    for item in filter(None, text.split(",")):
        kind, _, value = item.partition(":")
        if kind == "IP":
            sans.append(x509.IPAddress(ipaddress.ip_address(value)))
        else:
            sans.append(x509.DNSName(value))
    return sans


def write_pki(folder, san_text):
    """CA, server certificate for the given SANs, and a client certificate, as PEM files."""
    def write(name, data):
        path = os.path.join(folder, name)
        with open(path, "wb") as handle:
            handle.write(data)
        return path

    def key_pem(key):
        return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                 serialization.NoEncryption())

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = _issue("kcw-test-ca", ca_key, _name("kcw-test-ca"), ca_key, ca=True)
    server_key = ec.generate_private_key(ec.SECP256R1())
    server = _issue("kcw-test-server", server_key, ca.subject, ca_key, sans=_parse_sans(san_text),
                    usage=ExtendedKeyUsageOID.SERVER_AUTH)
    client_key = ec.generate_private_key(ec.SECP256R1())
    client = _issue("kcw-test-client", client_key, ca.subject, ca_key, usage=ExtendedKeyUsageOID.CLIENT_AUTH)
    pem = serialization.Encoding.PEM
    return {
        "ca": write("ca.crt", ca.public_bytes(pem)),
        "serverCert": write("server.crt", server.public_bytes(pem)),
        "serverKey": write("server.key", key_pem(server_key)),
        "clientCert": write("client.crt", client.public_bytes(pem)),
        "clientKey": write("client.key", key_pem(client_key)),
    }


class EchoHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        sys.stderr.write("httpsecho: " + (fmt % args) + "\n")

    def _handle(self):
        url = urlsplit(self.path)
        query = parse_qs(url.query, keep_blank_values=True)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if url.path == "/_proxylog":
            with PROXY_LOCK:
                return self._send(200, [], json.dumps(PROXY_LOG).encode())
        if "delay" in query:
            time.sleep(float(query["delay"][0]))
        status = int(query.get("status", ["200"])[0])
        headers = [tuple(h.split(":", 1)) for h in query.get("header", []) if ":" in h]
        if "size" in query:
            payload = b"x" * int(query["size"][0])
        else:
            peer = self.connection.getpeercert() if isinstance(self.connection, ssl.SSLSocket) else None
            payload = json.dumps({
                "method": self.command, "path": url.path, "query": url.query,
                "headers": [[k, v] for k, v in self.headers.items()],
                "body": body.decode("utf-8", "replace"),
                "sni": getattr(self.connection, "kcw_sni", None),
                "clientSubject": dict(x[0] for x in peer["subject"]).get("commonName") if peer else None,
                "clientPort": self.client_address[1],
            }).encode()
            headers.append(("Content-Type", "application/json"))
        if "drop" in query:
            self.send_response(status)
            self.send_header("Content-Length", str(len(payload) + 1000))
            self.end_headers()
            self.wfile.write(payload[: max(1, len(payload) // 2)])
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        self._send(status, headers, payload if self.command != "HEAD" else b"", len(payload))

    def _send(self, status, headers, payload, length=None):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name.strip(), value.strip())
        self.send_header("Content-Length", str(len(payload) if length is None else length))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _handle


class TLSServer(socketserver.ThreadingMixIn, HTTPServer):
    """Handshakes in the connection's own thread, so a slow or failing client blocks no one."""
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, context):
        self.context = context
        super().__init__(address, EchoHandler)

    def finish_request(self, request, client_address):
        if self.context is not None:
            try:
                request = self.context.wrap_socket(request, server_side=True)
            except (ssl.SSLError, OSError) as error:
                sys.stderr.write(f"httpsecho: handshake failed: {error}\n")
                return
        super().finish_request(request, client_address)


def make_context(pki, require_client_cert):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(pki["serverCert"], pki["serverKey"])
    context.load_verify_locations(pki["ca"])
    context.verify_mode = ssl.CERT_REQUIRED if require_client_cert else ssl.CERT_OPTIONAL

    def remember_sni(sock, name, _context):
        sock.kcw_sni = name
    context.sni_callback = remember_sni
    return context


class ProxyHandler(socketserver.BaseRequestHandler):
    """Minimal CONNECT-only proxy: records the target and splices bytes both ways."""

    def handle(self):
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = self.request.recv(4096)
            if not chunk:
                return
            data += chunk
        request_line = data.split(b"\r\n", 1)[0].decode()
        method, target, _ = request_line.split(" ", 2)
        if method != "CONNECT":
            self.request.sendall(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n")
            return
        with PROXY_LOCK:
            PROXY_LOG.append(target)
        host, _, port = target.rpartition(":")
        upstream = socket.create_connection((host.strip("[]"), int(port)))
        self.request.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
        sockets = [self.request, upstream]
        try:
            while True:
                readable, _, _ = select.select(sockets, [], [], 30)
                if not readable:
                    return
                for sock in readable:
                    chunk = sock.recv(65536)
                    if not chunk:
                        return
                    (upstream if sock is self.request else self.request).sendall(chunk)
        finally:
            upstream.close()


class ProxyServer(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", required=True, help="folder for the generated PEM files")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--san", default="IP:127.0.0.1,DNS:localhost",
                        help="server certificate names, e.g. DNS:api.test,IP:127.0.0.1")
    parser.add_argument("--require-client-cert", action="store_true")
    parser.add_argument("--plain", action="store_true", help="serve plain HTTP")
    parser.add_argument("--proxy", action="store_true", help="also run a CONNECT proxy")
    args = parser.parse_args()

    pki = write_pki(args.dir, args.san)
    context = None if args.plain else make_context(pki, args.require_client_cert)
    server = TLSServer(("127.0.0.1", args.port), context)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    info = dict(pki, port=server.server_address[1])
    if args.proxy:
        proxy = ProxyServer(("127.0.0.1", 0), ProxyHandler)
        threading.Thread(target=proxy.serve_forever, daemon=True).start()
        info["proxyPort"] = proxy.server_address[1]
    print(json.dumps(info), flush=True)
    # The launcher keeps stdin open; EOF means it is gone.
    sys.stdin.read()


if __name__ == "__main__":
    main()
