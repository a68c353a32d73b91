"""Serves a folder on 127.0.0.1 with the right MIME type for .wasm (WebGPU needs a secure
context: localhost over http is one)."""
import functools, http.server, sys

root, port = sys.argv[1], int(sys.argv[2])
handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=root)
handler.extensions_map = {**handler.extensions_map, ".wasm": "application/wasm", ".js": "text/javascript"}
http.server.ThreadingHTTPServer(("127.0.0.1", port), handler).serve_forever()
