"""Log lines keep a traceback's frames and types, never the values that failed."""

import json
import logging
import sys

from service.kit.logs import JsonFormatter


def test_a_traceback_withholds_every_message_in_its_chain() -> None:
    secret = "crm-" + "secret-1"
    try:
        try:
            raise KeyError(f"participant {secret}")
        except KeyError as error:
            raise ValueError(f"Key (participant_ref)=({secret}) exists") from error
    except ValueError:
        record = logging.LogRecord(
            "jobbmatch.errors",
            logging.ERROR,
            __file__,
            1,
            "unhandled error",
            None,
            None,
        )
        record.exc_info = sys.exc_info()
    line = json.loads(JsonFormatter().format(record))
    assert secret not in json.dumps(line)
    assert "builtins.KeyError (message withheld)" in line["exception"]
    assert "builtins.ValueError (message withheld)" in line["exception"]
    assert "test_logs.py" in line["exception"]
