"""Certificates for the test API server: a CA, a server certificate and a client certificate.

The `cryptography` package (Tests/Servers/requirements.txt) is used when it is installed; otherwise the
`openssl` command line tool does the same job, so the server still starts on a machine where pip has not run.
Existing files in the state directory are reused so that restarting a server keeps its trust anchors.
"""

from __future__ import annotations

import datetime
import os
import subprocess
import tempfile
from dataclasses import dataclass


@dataclass(frozen=True)
class CertPaths:
    ca_cert: str
    ca_key: str
    server_cert: str
    server_key: str
    client_cert: str
    client_key: str


def cert_paths(state_dir: str) -> CertPaths:
    j = lambda name: os.path.join(state_dir, name)  # noqa: E731
    return CertPaths(
        ca_cert=j("ca.crt"), ca_key=j("ca.key"),
        server_cert=j("server.crt"), server_key=j("server.key"),
        client_cert=j("client.crt"), client_key=j("client.key"),
    )


def ensure_certificates(state_dir: str, client_cn: str = "test-user",
                        client_org: str = "system:masters") -> CertPaths:
    paths = cert_paths(state_dir)
    if all(os.path.exists(p) for p in paths.__dict__.values()):
        return paths
    try:
        import cryptography  # noqa: F401
    except ImportError:
        _generate_with_openssl(paths, client_cn, client_org)
    else:
        _generate_with_cryptography(paths, client_cn, client_org)
    for key in (paths.ca_key, paths.server_key, paths.client_key):
        os.chmod(key, 0o600)
    return paths


def _generate_with_cryptography(paths: CertPaths, client_cn: str, client_org: str) -> None:
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = datetime.datetime.now(datetime.timezone.utc)
    not_before = now - datetime.timedelta(hours=1)
    not_after = now + datetime.timedelta(days=365)

    def new_key():
        return ec.generate_private_key(ec.SECP256R1())

    def write_key(key, path):
        data = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                                 serialization.NoEncryption())
        _write(path, data)

    def write_cert(cert, path):
        _write(path, cert.public_bytes(serialization.Encoding.PEM))

    ca_key = new_key()
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "kubecapwatch-test-ca")])
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name).issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before).not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                     content_commitment=False, key_encipherment=False, data_encipherment=False,
                                     key_agreement=False, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )

    def leaf(subject, eku, san=None):
        key = new_key()
        builder = (
            x509.CertificateBuilder()
            .subject_name(subject).issuer_name(ca_name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(not_before).not_valid_after(not_after)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, key_encipherment=True, key_cert_sign=False,
                                         crl_sign=False, content_commitment=False, data_encipherment=False,
                                         key_agreement=False, encipher_only=False, decipher_only=False),
                           critical=True)
            .add_extension(x509.ExtendedKeyUsage([eku]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        )
        if san is not None:
            builder = builder.add_extension(san, critical=False)
        return key, builder.sign(ca_key, hashes.SHA256())

    server_key, server_cert = leaf(
        x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "kube-apiserver")]),
        ExtendedKeyUsageOID.SERVER_AUTH,
        x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                     x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
    )
    client_key, client_cert = leaf(
        x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, client_org),
                   x509.NameAttribute(NameOID.COMMON_NAME, client_cn)]),
        ExtendedKeyUsageOID.CLIENT_AUTH,
    )

    write_key(ca_key, paths.ca_key)
    write_cert(ca_cert, paths.ca_cert)
    write_key(server_key, paths.server_key)
    write_cert(server_cert, paths.server_cert)
    write_key(client_key, paths.client_key)
    write_cert(client_cert, paths.client_cert)


def _generate_with_openssl(paths: CertPaths, client_cn: str, client_org: str) -> None:
    def run(*args):
        subprocess.run(["openssl", *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def ec_key(path):
        run("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", path)

    with tempfile.TemporaryDirectory() as tmp:
        ec_key(paths.ca_key)
        run("req", "-x509", "-new", "-key", paths.ca_key, "-sha256", "-days", "365",
            "-subj", "/CN=kubecapwatch-test-ca", "-out", paths.ca_cert,
            "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,digitalSignature,keyCertSign,cRLSign")

        def leaf(key, cert, subj, ext_lines):
            ec_key(key)
            csr = os.path.join(tmp, "leaf.csr")
            ext = os.path.join(tmp, "leaf.ext")
            with open(ext, "w") as f:
                f.write("\n".join(ext_lines) + "\n")
            run("req", "-new", "-key", key, "-subj", subj, "-out", csr)
            run("x509", "-req", "-in", csr, "-CA", paths.ca_cert, "-CAkey", paths.ca_key, "-CAcreateserial",
                "-days", "365", "-sha256", "-extfile", ext, "-out", cert)

        leaf(paths.server_key, paths.server_cert, "/CN=kube-apiserver", [
            "basicConstraints=critical,CA:FALSE",
            "keyUsage=critical,digitalSignature,keyEncipherment",
            "extendedKeyUsage=serverAuth",
            "subjectAltName=DNS:localhost,IP:127.0.0.1",
        ])
        leaf(paths.client_key, paths.client_cert, f"/O={client_org}/CN={client_cn}", [
            "basicConstraints=critical,CA:FALSE",
            "keyUsage=critical,digitalSignature,keyEncipherment",
            "extendedKeyUsage=clientAuth",
        ])


def _write(path: str, data: bytes) -> None:
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


if __name__ == "__main__":
    import sys

    target = sys.argv[1] if len(sys.argv) > 1 else "."
    os.makedirs(target, exist_ok=True)
    print(ensure_certificates(target))
