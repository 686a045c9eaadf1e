"""Serving: cheroot's WSGI server (HTTP/1.1 keep-alive, TLS), the faults that leave a request
without an answer, and a clean exit on SIGTERM/SIGINT."""
import datetime
import errno
import ipaddress
import os
import signal
import tempfile
import threading

from cheroot import wsgi
from cheroot.ssl.builtin import BuiltinSSLAdapter
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from .app import DROP_KEY

IDLE_CONNECTION_SECONDS = 300  # a kept-alive connection without a request is closed after this


def without_answer_when_dropped(app):
    """WSGI middleware: a request that the faults drop, or whose answer they lose, gets no byte of
    answer; the connection just closes (app.py marks it with DROP_KEY in the WSGI environ)."""
    def wsgi_app(environ, start_response):
        started = []
        result = app(environ, lambda *status_and_headers: started.append(status_and_headers))
        if not environ.get(DROP_KEY):
            start_response(*started[0])
            return result
        if hasattr(result, "close"):
            result.close()
        # Least private hook (cheroot has no public abort): an ignored socket error closes silently; pinned in tests.
        raise ConnectionAbortedError(errno.ECONNABORTED, "no answer: injected fault")
    return wsgi_app


def make_tls_material():
    """A throwaway CA and a server certificate for localhost, 127.0.0.1 and ::1.

    Returns (cert_pem, key_pem, ca_pem). EC P-256 keys keep the start-up fast.
    """
    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "HMP emulator throwaway CA")])
    ca_cert = (x509.CertificateBuilder()
               .subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
               .serial_number(x509.random_serial_number())
               .not_valid_before(now - datetime.timedelta(minutes=5))
               .not_valid_after(now + datetime.timedelta(days=30))
               .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
               .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False,
                                            key_encipherment=False, data_encipherment=False,
                                            key_agreement=False, key_cert_sign=True, crl_sign=True,
                                            encipher_only=False, decipher_only=False), critical=True)
               .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
               .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
            .issuer_name(ca_name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=30))
            .add_extension(x509.SubjectAlternativeName([
                x509.DNSName("localhost"),
                x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                x509.IPAddress(ipaddress.ip_address("::1"))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
                           critical=False)
            .sign(ca_key, hashes.SHA256()))
    pem = serialization.Encoding.PEM
    return (cert.public_bytes(pem),
            key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()),
            ca_cert.public_bytes(pem))


def tls_adapter(cert_file=None, key_file=None, ca_out=None):
    """cheroot's TLS for the given certificate, else for a throwaway one (its CA written to ca_out)."""
    if cert_file:
        return BuiltinSSLAdapter(cert_file, key_file)
    cert_pem, key_pem, ca_pem = make_tls_material()
    if ca_out:
        with open(ca_out, "wb") as fh:
            fh.write(ca_pem)
    with tempfile.TemporaryDirectory(prefix="hmp-emulator-") as tmp:  # read once, at construction
        cert_path, key_path = os.path.join(tmp, "cert.pem"), os.path.join(tmp, "key.pem")
        with open(cert_path, "wb") as fh:
            fh.write(cert_pem)
        with open(os.open(key_path, os.O_WRONLY | os.O_CREAT, 0o600), "wb") as fh:
            fh.write(key_pem)
        return BuiltinSSLAdapter(cert_path, key_path)


def serve(app, bind="127.0.0.1", port=8443, tls=True, cert=None, key=None, ca_out=None,
          port_file=None):
    """Serve until SIGTERM/SIGINT; returns the exit status (0)."""
    server = wsgi.Server((bind, port), without_answer_when_dropped(app), numthreads=8,
                         server_name="hmp-emulator", timeout=IDLE_CONNECTION_SECONDS,
                         request_queue_size=128)  # listen backlog: many clients may connect at once
    server.expiration_interval = 0.1  # how often its selector wakes: stop() waits up to this long
    if tls:
        server.ssl_adapter = tls_adapter(cert, key, ca_out)
    server.prepare()  # listening from here on
    actual_port = server.bind_addr[1]
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    threading.Thread(target=server.serve, name="hmp-emulator", daemon=True).start()
    if port_file:
        tmp = f"{port_file}.tmp"
        with open(tmp, "w") as fh:
            fh.write(str(actual_port))
        os.replace(tmp, port_file)
    host = f"[{bind}]" if ":" in bind else bind
    print(f"HMP emulator listening on {'https' if tls else 'http'}://{host}:{actual_port}", flush=True)
    stop.wait()  # a signal interrupts the wait and its handler sets the event
    server.stop()
    return 0
