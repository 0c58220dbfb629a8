"""The per-process cache of identified keys forgets on revocation and on time."""

import time

import pytest

from service.kit.auth import KnownKeys
from service.kit.caller import Caller, Role

CALLER = Caller(key_id="k1", name="test", role=Role.MATCHER, purpose=None)
OTHER = Caller(key_id="k2", name="other", role=Role.LIAISON, purpose=None)


def test_a_kept_key_is_known_until_forgotten() -> None:
    known = KnownKeys()
    known.keep("jmk_k1_secret", CALLER)
    known.keep("jmk_k2_secret", OTHER)
    assert known.get("jmk_k1_secret") == CALLER
    assert known.get("jmk_k1_other") is None
    known.forget("k1")
    assert known.get("jmk_k1_secret") is None
    assert known.get("jmk_k2_secret") == OTHER


def test_a_key_is_read_again_once_its_entry_expires(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    known = KnownKeys()
    known.keep("jmk_k1_secret", CALLER)
    later = time.monotonic() + KnownKeys.TTL_SECONDS + 0.1
    monkeypatch.setattr(time, "monotonic", lambda: later)
    assert known.get("jmk_k1_secret") is None
