"""Drives reference/authorizer.py for the benchmark.

  run_authorizer.py cold  <input.json>   import, load the JWKS, decide once, print "decided"
  run_authorizer.py warm  <input.json>   decide on every token for WARM_SECONDS, print JSON stats

input.json: {"jwks": {...}, "tokens": ["..."], "methodArn": "...", "warmSeconds": n}.
The JWKS is handed over instead of fetched: the benchmark measures no network.
"""
import json
import sys
import time

mode, path = sys.argv[1], sys.argv[2]
with open(path) as file:
    data = json.load(file)

import authorizer  # noqa: E402  (imported after reading the input: that import is the cold start)

authorizer.get_jwks = lambda: data["jwks"]
events = [
    {"type": "TOKEN", "authorizationToken": f"Bearer {token}", "methodArn": data["methodArn"]}
    for token in data["tokens"]
]

if mode == "cold":
    authorizer.lambda_handler(events[0], None)
    print("decided", flush=True)
    sys.exit(0)

for event in events[: min(len(events), 500)]:
    authorizer.lambda_handler(event, None)
latencies = []
clock = time.perf_counter_ns
deadline = clock() + int(data["warmSeconds"] * 1e9)
started = clock()
index = 0
while clock() < deadline:
    event = events[index % len(events)]
    before = clock()
    result = authorizer.lambda_handler(event, None)
    latencies.append(clock() - before)
    if result["policyDocument"]["Statement"][0]["Effect"] != "Allow":
        sys.exit("reference authorizer denied a valid token")
    index += 1
elapsed = clock() - started
latencies.sort()
print(
    json.dumps(
        {
            "count": index,
            "elapsedNs": elapsed,
            "p50Ns": latencies[len(latencies) // 2],
            "p99Ns": latencies[int(len(latencies) * 0.99)],
        }
    )
)
