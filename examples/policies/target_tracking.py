#!/usr/bin/env python3
"""A target-tracking autoscaling policy for knsim, speaking the external policy
protocol version 1 (docs/policies.md). Standard library only.

It keeps the observed concurrency of the last WINDOW seconds and, at each decision,
asks for ceil(average concurrency / TARGET) pods. When it has asked for zero pods and
load arrives, it asks for an immediate decision ("poke"), so a scaled-to-zero service
wakes up at once instead of at the next decision tick.

Run it through knsim:

    knsim autoscaler replay --policy external \
        --command "python3 examples/policies/target_tracking.py --target 10 --window 60" \
        --input observations.csv

The protocol in one paragraph: knsim writes one JSON object per line on our stdin;
we answer every line with exactly one JSON object on one line on stdout, in order,
and flush. stdout is for answers only: write logs to stderr. On end of input, exit.
"""

import argparse
import json
import math
import sys
from collections import deque

PROTOCOL = 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", type=float, default=10.0,
                        help="in-flight requests per pod to aim for (default 10)")
    parser.add_argument("--window", type=float, default=60.0,
                        help="seconds of observations to average (default 60)")
    args = parser.parse_args()

    window = deque()     # (time, concurrency) of the observations inside the window
    desired = None       # our last answer; None before the first decision

    for line in sys.stdin:
        message = json.loads(line)
        kind = message["type"]

        if kind == "hello":
            # Refuse a protocol we do not know rather than misread it.
            if message["protocol"] != PROTOCOL:
                print(f"target_tracking: unsupported protocol {message['protocol']}", file=sys.stderr)
                return 1
            answer = {"protocol": PROTOCOL}

        elif kind == "observation":
            # time is in seconds since the start; concurrency and rps are the revision's
            # totals over the sample period; cpu_utilization may be null.
            window.append((message["time"], message["concurrency"]))
            answer = {"poke": desired == 0 and message["concurrency"] > 0}

        elif kind == "decide":
            now = message["time"]
            while window and window[0][0] <= now - args.window:
                window.popleft()
            # An explicit loop, not sum(): Python 3.12's sum() of floats compensates
            # rounding, and the Swift twin of this policy adds plainly, left to right.
            total = 0.0
            for _, concurrency in window:
                total += concurrency
            average = total / len(window) if window else 0.0
            desired = math.ceil(average / args.target)
            # excess_burst_capacity and panic are optional (default 0 and false);
            # stable_value and panic_value only show up in the replay's output.
            answer = {"desired_pods": desired, "stable_value": average}

        else:
            print(f"target_tracking: unknown message type {kind!r}", file=sys.stderr)
            return 1

        # One line per answer, flushed: knsim waits for it (5 s by default).
        print(json.dumps(answer), flush=True)

    return 0


if __name__ == "__main__":
    sys.exit(main())
