"""Starting or joining Ray without the network: no dashboard, no usage statistics, quiet logs."""
from __future__ import annotations

import logging
import os

from frontwatch.errors import FrontwatchError

__all__ = ["start_ray", "stop_ray", "ClusterError", "require_ray"]


class ClusterError(FrontwatchError):
    """Ray is not installed or the cluster cannot be reached."""

    code = "FW500"


def require_ray():
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError as e:
        raise ClusterError("the batch runner needs Ray: pip install 'frontwatch[cluster]'") from e
    return ray


def start_ray(workers: int, address: str | None = None, object_store_mb: int = 512) -> bool:
    """Starts a local Ray with `workers` CPUs, or joins the cluster at `address`; True if we started it.
    An already initialised Ray (a test session, a notebook) is used as it is."""
    os.environ["RAY_USAGE_STATS_ENABLED"] = "0"  # before Ray reads it: no usage report over the network
    ray = require_ray()
    if ray.is_initialized():
        _quiet_ray_data()
        return False
    common = dict(include_dashboard=False, log_to_driver=False, logging_level=logging.WARNING,
                  configure_logging=True)
    try:
        if address:
            ray.init(address=address, **common)
        else:
            ray.init(num_cpus=workers, object_store_memory=object_store_mb * 1024 * 1024, **common)
    except Exception as e:  # ConnectionError, timeouts, bad address
        raise ClusterError(f"cannot start Ray: {e}", source=address) from e
    _quiet_ray_data()
    return True


def _quiet_ray_data() -> None:
    from ray.data import DataContext

    ctx = DataContext.get_current()
    ctx.enable_progress_bars = False
    for name in ("ray.data", "ray"):
        logging.getLogger(name).setLevel(logging.WARNING)


def stop_ray() -> None:
    import ray

    ray.shutdown()
