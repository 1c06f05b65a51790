"""What one server worker does in the concurrency test, as a function a spawned process can run.

`write_many` opens the store (the first worker may find no tables yet and migrate while the other
waits), the first worker makes the class and shares its code, then every worker joins `count`
students under the same names as the others — so the names collide across processes — and
submits once for each. It reports the names it got and every error, as text, on `results`.
"""

from __future__ import annotations

import traceback
from typing import Any

from playground.classroom import open_store
from support.classroom import request_for, small_challenge, small_config


def write_many(url: str, worker: int, count: int, barrier: Any, codes: Any, results: Any) -> None:
    names, errors = [], []
    try:
        barrier.wait(timeout=60)  # both open the fresh database at the same moment
        store = open_store(url, submit_interval=0.0)
        if worker == 0:
            made = store.create_class(small_challenge(epoch_budget=1))
            for _ in range(2):
                codes.put(made.code)
        code = codes.get(timeout=60)
        if code is None:
            raise RuntimeError("the first worker failed before it made the class")
        barrier.wait(timeout=60)
        for number in range(count):
            session = f"worker-{worker}-student-{number}"
            names.append(store.join(code, session, f"Student {number}").display_name)
            store.submit(code, session, request_for(small_config(), epochs=1))
        store.close()
    except Exception:
        errors.append(traceback.format_exc())
        if worker == 0 and not names:  # the other worker may still wait for the code
            codes.put(None)
    results.put({"worker": worker, "names": names, "errors": errors})
