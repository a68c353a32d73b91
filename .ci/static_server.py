"""Serves a folder on 127.0.0.1 as an ordinary static host does: the right MIME types (.wasm
for WebAssembly; WebGPU needs a secure context, which localhost over http is), validators
for revalidation, and a precompressed `.gz` beside a file sent with Content-Encoding: gzip
to browsers that accept it (the deploy build has one beside every text and wasm file)."""
import functools, http.server, os, sys


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm",
                      ".js": "text/javascript", ".webmanifest": "application/manifest+json", ".svg": "image/svg+xml"}

    def send_head(self):
        path = self.translate_path(self.path)
        gz = path + ".gz"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if accepts and not path.endswith(".gz") and os.path.isfile(path) and os.path.isfile(gz):
            with open(gz, "rb") as f:
                body = f.read()
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(path))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Last-Modified", self.date_time_string(int(os.stat(gz).st_mtime)))
            self.end_headers()
            return _Bytes(body)
        return super().send_head()


class _Bytes:
    """A body already in memory, shaped like the file object send_head returns."""
    def __init__(self, data):
        self.data = data

    def read(self, *_):
        data, self.data = self.data, b""
        return data

    def close(self):
        pass


root, port = sys.argv[1], int(sys.argv[2])
http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Handler, directory=root)).serve_forever()
