"""The fetch floor of `oncall triage`: the same Web API calls (every history page of the
three channels, then the replies of the threads) over one keep-alive connection, each answer
parsed with Python's json module. Usage: fetch_slack.py PORT"""
import http.client
import json
import sys

connection = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]))


def get(path):
    connection.request("GET", path, headers={"Authorization": "Bearer xoxb-bench"})
    return json.loads(connection.getresponse().read())


for channel in ["C0ALR00001", "C0WAR00001", "C0SQL00001"]:
    cursor, threads = "", []
    while True:
        page = get(f"/conversations.history?channel={channel}&limit=200&cursor={cursor}")
        threads += [m["ts"] for m in page["messages"] if m.get("reply_count")]
        cursor = page["response_metadata"]["next_cursor"]
        if not cursor:
            break
    for ts in threads:
        get(f"/conversations.replies?channel={channel}&ts={ts}&limit=200")
