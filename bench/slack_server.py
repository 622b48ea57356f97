"""The Slack Web API of a workspace file (see gen_slack_workspace.py) on 127.0.0.1, for the
triage benchmark: conversations.history and conversations.replies, every page rendered
before the server starts so that serving one is a write. GET /__stats gives the requests
served and the seconds spent in the handlers. Usage: slack_server.py WORKSPACE.json PORTFILE"""
import json
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

workspace = json.load(open(sys.argv[1]))
LIMIT = 200
pages = {}
for channel, messages in workspace["channels"].items():
    messages = sorted(messages, key=lambda m: float(m["ts"]), reverse=True)
    for start in range(0, max(len(messages), 1), LIMIT):
        end = start + LIMIT
        cursor = f"bmV4dF90czo{end}" if end < len(messages) else ""
        body = {"ok": True, "messages": messages[start:end], "has_more": bool(cursor),
                "response_metadata": {"next_cursor": cursor}}
        pages[("history", channel, "" if start == 0 else f"bmV4dF90czo{start}")] = json.dumps(body).encode()
for key, thread in workspace["replies"].items():
    channel, ts = key.split("/")
    parent = next(m for m in workspace["channels"][channel] if m["ts"] == ts)
    body = {"ok": True, "messages": [parent] + thread, "has_more": False, "response_metadata": {"next_cursor": ""}}
    pages[("replies", channel, ts)] = json.dumps(body).encode()
stats = {"requests": 0, "seconds": 0.0}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, *args):
        pass

    def do_GET(self):
        began = time.perf_counter()
        url = urlparse(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        if url.path == "/__stats":
            body = json.dumps(stats).encode()
        elif url.path == "/conversations.history":
            body = pages.get(("history", query.get("channel"), query.get("cursor", "")), b'{"ok":false,"error":"channel_not_found"}')
        elif url.path == "/conversations.replies":
            body = pages.get(("replies", query.get("channel"), query.get("ts")), b'{"ok":false,"error":"thread_not_found"}')
        else:
            body = b'{"ok":false,"error":"unknown_method"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        if url.path != "/__stats":
            stats["requests"] += 1
            stats["seconds"] += time.perf_counter() - began


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(sys.argv[2], "w") as f:
    f.write(str(server.server_address[1]))
server.serve_forever()
