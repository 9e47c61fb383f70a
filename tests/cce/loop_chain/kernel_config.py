# Kernel and Orchestration Configuration (written by ptoc 0.1.0)
from pathlib import Path

from simpler.task_interface import ArgDirection as _D

_ROOT_DIR = Path(__file__).parent

RUNTIME_CONFIG = {
    "runtime": "tensormap_and_ringbuffer",
    "aicpu_thread_num": 0,
}

ORCHESTRATION = {
    "source": str(_ROOT_DIR / "orchestration" / "main.cpp"),
    "function_name": "aicpu_orchestration_entry",
    "signature": [_D.IN, _D.OUT],
}

KERNELS = [
    {"func_id": 0, "name": "halve", "source": str(_ROOT_DIR / "kernels" / "aiv" / "halve.cpp"),
     "core_type": "aiv", "signature": [_D.IN, _D.OUT]},
    {"func_id": 1, "name": "scale_add", "source": str(_ROOT_DIR / "kernels" / "aiv" / "scale_add.cpp"),
     "core_type": "aiv", "signature": [_D.IN, _D.OUT]},
]
