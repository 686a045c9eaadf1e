"""Serving: a threaded werkzeug server with real HTTP/1.1 keep-alive, TLS, clean signal exit."""
import datetime
import io
import ipaddress
import os
import signal
import socket
import ssl
import sys
import tempfile
import threading
import traceback

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from werkzeug.serving import WSGIRequestHandler, make_server

from .app import DROP_KEY


class RequestHandler(WSGIRequestHandler):
    """HTTP/1.1 with keep-alive.

    werkzeug's own run_wsgi always answers "Connection: close" and drains the socket after the
    response, which cannot work with keep-alive. This one reads the whole request body before
    calling the app (so the next request line starts cleanly), answers with a Content-Length,
    and closes only when the client asks to (or the drop fault says so).
    """
    protocol_version = "HTTP/1.1"
    timeout = 300  # reap idle keep-alive connections
    disable_nagle_algorithm = True  # small answers on a kept-alive socket must not wait for ACKs

    def run_wsgi(self):
        if self.headers.get("Expect", "").lower().strip() == "100-continue":
            self.wfile.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        environ = self.environ = self.make_environ()
        if environ.get("wsgi.input_terminated"):  # chunked request body
            data = environ["wsgi.input"].read()
        else:
            length = environ.get("CONTENT_LENGTH", "")
            data = self.rfile.read(int(length)) if length.isdigit() and int(length) else b""
        environ["wsgi.input"] = io.BytesIO(data)
        environ["CONTENT_LENGTH"] = str(len(data))
        environ.pop("wsgi.input_terminated", None)

        started = []

        def start_response(status, headers, exc_info=None):
            started[:] = [status, headers]
            return lambda chunk: None  # the legacy write() callable is not used by Flask

        try:
            result = self.server.app(environ, start_response)
            try:
                payload = b"".join(result)
            finally:
                if hasattr(result, "close"):
                    result.close()
        except Exception:  # the app turns errors into HMP bodies; this is the last resort
            traceback.print_exc(file=sys.stderr)
            started[:] = ["500 INTERNAL SERVER ERROR", [("Content-Type", "application/json")]]
            payload = (b'{"code":"070000","name":"InternalServer",'
                       b'"message":"Internal Server Error","httpStatusCode":500}')

        if environ.get(DROP_KEY):  # fault injection: close without answering
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return

        status, headers = started
        code, _, reason = status.partition(" ")
        self.send_response(int(code), reason)
        for key, value in headers:
            if key.lower() not in ("content-length", "connection", "transfer-encoding"):
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(payload)))
        if self.close_connection:
            self.send_header("Connection", "close")
        if environ["REQUEST_METHOD"] != "HEAD":  # headers and body leave in one write
            self._headers_buffer.append(b"\r\n" + payload)
        else:
            self._headers_buffer.append(b"\r\n")
        self.flush_headers()

    def log_request(self, code="-", size="-"):
        pass  # quiet: one line per request would swamp the test output

    def log_message(self, format, *args):  # noqa: A002 - BaseHTTPRequestHandler's signature
        pass


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


def ssl_context(cert_file=None, key_file=None, ca_out=None):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    if cert_file:
        ctx.load_cert_chain(cert_file, key_file)
        return ctx
    cert_pem, key_pem, ca_pem = make_tls_material()
    if ca_out:
        with open(ca_out, "wb") as fh:
            fh.write(ca_pem)
    with tempfile.TemporaryDirectory(prefix="hmp-emulator-") as tmp:
        cert_path, key_path = os.path.join(tmp, "cert.pem"), os.path.join(tmp, "key.pem")
        with open(cert_path, "wb") as fh:
            fh.write(cert_pem)
        with open(os.open(key_path, os.O_WRONLY | os.O_CREAT, 0o600), "wb") as fh:
            fh.write(key_pem)
        ctx.load_cert_chain(cert_path, key_path)
    return ctx


def serve(app, bind="127.0.0.1", port=8443, tls=True, cert=None, key=None, ca_out=None,
          port_file=None):
    """Serve until SIGTERM/SIGINT; returns the exit status (0)."""
    ctx = ssl_context(cert, key, ca_out) if tls else None
    server = make_server(bind, port, app, threaded=True, request_handler=RequestHandler,
                         ssl_context=ctx)
    server.daemon_threads = True
    actual_port = server.socket.getsockname()[1]
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1},
                              name="hmp-emulator", daemon=True)
    thread.start()
    if port_file:  # the socket is listening: write the port only now
        tmp = f"{port_file}.tmp"
        with open(tmp, "w") as fh:
            fh.write(str(actual_port))
        os.replace(tmp, port_file)
    host = f"[{bind}]" if ":" in bind else bind
    print(f"HMP emulator listening on {'https' if tls else 'http'}://{host}:{actual_port}", flush=True)
    stop.wait()  # a signal interrupts the wait and its handler sets the event
    server.shutdown()
    server.server_close()
    return 0
