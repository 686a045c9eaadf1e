"""A test-only event filter: appends each event, as the source put it on the queue, to the file named by
HMP_EDA_EVENTS (one JSON object a line, with the time it passed here), and hands it on unchanged."""

import json
import os
import time


def main(event, **_args):
    with open(os.environ["HMP_EDA_EVENTS"], "a") as out:
        out.write(json.dumps({"at": time.time(), "event": event}) + "\n")
    return event
