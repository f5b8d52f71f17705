"""Running a command as an unprivileged user, as the image's `USER claimwatch` does."""

from __future__ import annotations

import os
import shutil

NOBODY = 65534


def as_unprivileged() -> list[str]:
    """A command prefix that drops root; none if not root (already unprivileged) or no way to."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv"):
        return ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", "--"]
    if shutil.which("runuser"):
        return ["runuser", "-u", "nobody", "--"]
    return []
