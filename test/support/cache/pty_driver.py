#!/usr/bin/env python3
"""Run a command under a pseudo-terminal and answer one prompt.

Usage: pty_driver.py STDOUT_FILE EXPECT ANSWER TIMEOUT_S -- COMMAND [ARGS...]

The command gets the pty as its controlling terminal, stdin and stderr, but
its stdout goes to STDOUT_FILE (as with `cmd > file` in a terminal). When the
terminal output contains EXPECT, ANSWER and Enter are typed. Prints one JSON
line: {"exit": status or null, "signal": number or null, "transcript": what
the terminal showed, "answered": bool}.
"""

import json
import os
import pty
import select
import signal
import sys
import time


def main(argv):
    if len(argv) < 7 or argv[5] != "--":
        raise SystemExit(__doc__)
    out_path, expect, answer, timeout = argv[1], argv[2].encode(), argv[3].encode(), float(argv[4])
    command = argv[6:]
    pid, fd = pty.fork()
    if pid == 0:
        out = os.open(out_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(out, 1)
        os.close(out)
        try:
            os.execvp(command[0], command)
        finally:
            os._exit(127)
    transcript = b""
    answered = False
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            os.kill(pid, signal.SIGKILL)
            break
        ready, _, _ = select.select([fd], [], [], min(left, 0.2))
        if not ready:
            continue
        try:
            data = os.read(fd, 4096)
        except OSError:  # EIO: the last process holding the terminal exited
            data = b""
        if not data:
            break
        transcript += data
        if not answered and expect in transcript:
            os.write(fd, answer + b"\r")
            answered = True
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    result = {
        "exit": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
        "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
        "transcript": transcript.decode("utf-8", "replace"),
        "answered": answered,
    }
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main(sys.argv)
