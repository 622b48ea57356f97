"""The file-writing floor of `oncall import`: reads the describe-alarms pages, then writes
every file the import wrote into REPO (same relative paths and sizes) under OUT, each through
a temporary file renamed into place. Usage: write_like_import.py REPO OUT PAGES..."""
import json
import os
import sys

repo, out, pages = sys.argv[1], sys.argv[2], sys.argv[3:]
for page in pages:
    json.load(open(page))
for sub in ("alarms", "playbooks"):
    os.makedirs(os.path.join(out, sub), exist_ok=True)
    for name in os.listdir(os.path.join(repo, sub)):
        data = open(os.path.join(repo, sub, name), "rb").read()
        temp = os.path.join(out, sub, "." + name + ".tmp")
        with open(temp, "wb") as f:
            f.write(data)
        os.rename(temp, os.path.join(out, sub, name))
os.sync()
