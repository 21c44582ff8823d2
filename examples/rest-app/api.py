"""The seed's REST app (Kamil Warguła's article), ported from Falcon 0.3 to Falcon 3.

Falcon 3 removed `falcon.API()` and `resp.body`: the app is `falcon.App()` and the
answer goes in `resp.media`, which Falcon serialises as JSON (`{"foo": "bar"}`).
"""

import time

import falcon

# A request may burn at most this much CPU: a handful of requests can load an
# instance, but a typo in a load script cannot pin a worker for minutes.
MAX_WORK_MS = 2000
# Wall-clock guard: if the process is CPU-throttled, stop spinning after this long anyway.
MAX_WALL_S = 10.0


class Root:
    """`GET /`: exactly the seed's answer."""

    def on_get(self, req, resp):
        resp.media = {"foo": "bar"}


class Load:
    """`GET /load?ms=N`: burns N ms of this thread's CPU time (default 100, at most 2000).

    The autoscaling demo needs CPU load without thousands of requests; a busy
    loop on thread CPU time makes each request cost a known amount of CPU.
    """

    def on_get(self, req, resp):
        ms = req.get_param_as_int("ms", default=100, min_value=0, max_value=MAX_WORK_MS)
        cpu_deadline = time.thread_time() + ms / 1000
        wall_deadline = time.monotonic() + MAX_WALL_S
        spins = 0
        while time.thread_time() < cpu_deadline and time.monotonic() < wall_deadline:
            spins += 1
        resp.media = {"burnedMs": ms, "spins": spins}


app = falcon.App()
app.add_route("/", Root())
app.add_route("/load", Load())
