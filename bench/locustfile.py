"""Locust users for bench/pages.py (not run on its own). BENCH_PAGES is a JSON list of
{"name", "path", "cookie"}; BENCH_PACE is "saturate" (no wait: one page, as fast as it answers)
or "realistic" (each user opens a random page every 2–5 seconds)."""

import json
import os
import random

from locust import FastHttpUser, between, constant, task

PAGES = json.loads(os.environ["BENCH_PAGES"])
PACE = os.environ.get("BENCH_PACE", "saturate")


class PageUser(FastHttpUser):
    wait_time = constant(0) if PACE == "saturate" else between(2, 5)
    connection_timeout = 30
    network_timeout = 60

    @task
    def open_page(self):
        page = random.choice(PAGES)
        headers = {"X-Forwarded-Proto": "https"}
        if page["cookie"]:
            headers["Cookie"] = page["cookie"]
        with self.client.get(page["path"], name=page["name"], headers=headers, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
