"""Running a worker (webhook deliverer, batch job runner) as a command of its own."""

import signal
import threading
from types import FrameType

from service.kit.background import Worker


def run_until_signalled(worker: Worker, name: str) -> None:
    """Run the worker in a thread until SIGINT or SIGTERM asks it to stop."""

    def on_signal(_signum: int, _frame: FrameType | None) -> None:
        worker.stopping.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    thread = threading.Thread(target=worker.run, name=name)
    thread.start()
    while thread.is_alive():
        thread.join(0.5)
