#!/usr/bin/env python3
"""Writes the small synthetic traces in this directory, deterministically.

    python3 scenarios/traces/make_traces.py      # from anywhere; writes next to itself

Uses only random.Random(seed).random() (whose sequence Python guarantees for an
integer seed) and fixed-precision formatting, so every run on every machine writes
byte-identical files. See README.md for what each file holds.
"""
import hashlib
import math
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
MINUTES = 1440


def fake_hash(label):
    """A 64-hex-digit name in the style of the anonymised Azure hashes."""
    return hashlib.sha256(label.encode()).hexdigest()


def poisson(rng, mean):
    """Knuth's method: fine for the small means used here."""
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def exponential(rng, mean):
    return -mean * math.log(1.0 - rng.random())


def lognormal(rng, mu, sigma):
    # Box-Muller on two uniforms (1 - u keeps the logarithm finite).
    z = math.sqrt(-2 * math.log(1.0 - rng.random())) * math.cos(2 * math.pi * rng.random())
    return math.exp(mu + sigma * z)


def write(name, lines):
    with open(os.path.join(HERE, name), "w", newline="\n") as f:
        f.write("\n".join(lines) + "\n")


def timestamps():
    """Two minutes of Poisson arrivals at 1.5 req/s with lognormal service times."""
    rng = random.Random(1001)
    t, rows = 0.0, ["timestamp,service_time"]
    while True:
        t += exponential(rng, 1 / 1.5)
        if t >= 120:
            break
        rows.append("%.6f,%.6f" % (t, lognormal(rng, math.log(0.05), 0.5)))
    write("timestamps.csv", rows)


FUNCTIONS_2019 = [
    # (label, trigger): an HTTP function with a daily cycle, a timer every 5 minutes,
    # and a bursty queue consumer.
    ("owner-a/app-web/fn-http", "http"),
    ("owner-a/app-web/fn-timer", "timer"),
    ("owner-b/app-jobs/fn-queue", "queue"),
]


def counts_2019(rng, trigger, day):
    if trigger == "http":
        return [poisson(rng, 4 * (1 + 0.8 * math.sin(2 * math.pi * (m - 360) / MINUTES))) for m in range(MINUTES)]
    if trigger == "timer":
        return [1 if m % 5 == day else 0 for m in range(MINUTES)]
    counts, burst = [], 0
    for m in range(MINUTES):
        if burst == 0 and rng.random() < 0.01:
            burst = 1 + int(rng.random() * 5)
        counts.append(20 + int(rng.random() * 40) if burst > 0 else 0)
        burst = max(0, burst - 1)
    return counts


def azure2019():
    rng = random.Random(2019)
    header = "HashOwner,HashApp,HashFunction,Trigger," + ",".join(str(m) for m in range(1, MINUTES + 1))
    for day in (1, 2):
        rows = [header]
        for label, trigger in FUNCTIONS_2019:
            if day == 2 and trigger == "queue":
                continue  # absent on day 2: loaders read a missing day as zeros
            owner, app, fn = label.split("/")
            counts = counts_2019(rng, trigger, day)
            rows.append(",".join([fake_hash(owner), fake_hash(owner + "/" + app), fake_hash(label), trigger]
                                 + [str(c) for c in counts]))
        write("azure2019_invocations.d%02d.csv" % day, rows)

    # Durations in ms: percentiles of a lognormal per function (quantiles computed,
    # not sampled, so the file states the shape exactly).
    z = {0: -3.0, 1: -2.326348, 25: -0.674490, 50: 0.0, 75: 0.674490, 99: 2.326348, 100: 3.5}
    shapes = {"http": (math.log(80), 0.6), "timer": (math.log(1500), 0.2), "queue": (math.log(300), 1.0)}
    rows = ["HashOwner,HashApp,HashFunction,Average,Count,Minimum,Maximum,"
            "percentile_Average_0,percentile_Average_1,percentile_Average_25,percentile_Average_50,"
            "percentile_Average_75,percentile_Average_99,percentile_Average_100"]
    for label, trigger in FUNCTIONS_2019:
        owner, app, fn = label.split("/")
        mu, sigma = shapes[trigger]
        q = {p: math.exp(mu + sigma * zp) for p, zp in z.items()}
        average = math.exp(mu + sigma * sigma / 2)
        rows.append(",".join([fake_hash(owner), fake_hash(owner + "/" + app), fake_hash(label),
                              "%.3f" % average, "1000", "%.3f" % q[0], "%.3f" % q[100]]
                             + ["%.3f" % q[p] for p in (0, 1, 25, 50, 75, 99, 100)]))
    write("azure2019_durations.d01.csv", rows)


def azure2021():
    """Five minutes of invocations of three functions in two apps, ordered by end
    time as the real file is (so arrival order differs where durations differ)."""
    rng = random.Random(2021)
    fns = [("app-1", "fn-a", 0.3, math.log(0.2), 0.8),
           ("app-1", "fn-b", 0.05, math.log(2.0), 0.5),
           ("app-2", "fn-c", 0.15, math.log(0.05), 0.3)]
    rows = []
    for app, fn, rate, mu, sigma in fns:
        t = 0.0
        while True:
            t += exponential(rng, 1 / rate)
            if t >= 300:
                break
            d = lognormal(rng, mu, sigma)
            rows.append((round(t + d, 6), fake_hash(app)[:16], fake_hash(app + "/" + fn)[:16], round(d, 6)))
    rows.sort()
    write("azure2021_invocations.csv",
          ["app,func,end_timestamp,duration"] + ["%s,%s,%.6f,%.6f" % (a, f, e, d) for e, a, f, d in rows])


if __name__ == "__main__":
    timestamps()
    azure2019()
    azure2021()
