#!/usr/bin/env python3
"""Run a command under a pseudo-terminal, type into it, and report what it showed.

Reads one JSON document on stdin (keystrokes may be secrets: never on argv):
  {
    "argv": ["cmd", "arg", ...],     # run with execvpe (PATH from "env")
    "env": {"NAME": "value", ...},   # the whole environment of the command
    "cwd": "/dir",                   # optional
    "steps": [{"expect": "regex", "send": "text"}, ...],
                                     # in order: wait until the regex matches the
                                     # transcript after the previous match, then type
    "timeoutMs": 20000,              # the command's process group is SIGKILLed after this
    "stdoutPipe": false,             # true: stdout is a pipe (captured apart), stdin and
                                     # stderr stay on the terminal
    "stderrPipe": false,             # true: stderr is a pipe (captured apart)
    "cols": 100, "rows": 30
  }
Prints one JSON document on stdout:
  {"transcript": str, "stdout": str, "stderr": str, "exitCode": int|null, "signal": int|null,
   "timedOut": bool, "stepsDone": int}
The command runs as a session leader with the terminal as its controlling tty,
so /dev/tty works inside it. Its process group is killed when it is done.
"""

import fcntl
import json
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import time


def spawn(spec, pipes):
    pid, master = pty.fork()
    if pid == 0:
        try:
            for fd, (r, w) in pipes.items():
                os.dup2(w, fd)
                os.close(w)
                os.close(r)
            if spec.get("cwd"):
                os.chdir(spec["cwd"])
            argv = spec["argv"]
            os.execvpe(argv[0], argv, spec["env"])
        except OSError as err:
            os.write(2, f"pty-run: cannot exec {spec['argv'][0]}: {err}\n".encode())
        os._exit(127)
    return pid, master


def kill_group(pid):
    try:
        os.killpg(pid, signal.SIGKILL)
    except OSError:
        pass


def main():
    spec = json.load(sys.stdin)
    steps = spec.get("steps", [])
    deadline = time.monotonic() + spec.get("timeoutMs", 20000) / 1000
    # fd of the command -> (read end, write end) of the pipe that replaces the terminal there.
    pipes = {}
    if spec.get("stdoutPipe"):
        pipes[1] = os.pipe()
    if spec.get("stderrPipe"):
        pipes[2] = os.pipe()
    pid, master = spawn(spec, pipes)
    for _, w in pipes.values():
        os.close(w)
    winsize = struct.pack("HHHH", spec.get("rows", 30), spec.get("cols", 100), 0, 0)
    fcntl.ioctl(master, termios.TIOCSWINSZ, winsize)

    transcript = b""
    captured = {1: b"", 2: b""}
    pos = 0
    done = 0
    timed_out = False
    status = None
    open_fds = {master: 0}
    for fd, (r, _) in pipes.items():
        open_fds[r] = fd

    while open_fds:
        # Type whatever the transcript already asks for.
        while done < len(steps):
            text = transcript.decode("utf-8", "replace")
            match = re.search(steps[done]["expect"], text[pos:])
            if not match:
                break
            pos += match.end()
            os.write(master, steps[done].get("send", "").encode())
            done += 1
        left = deadline - time.monotonic()
        if left <= 0:
            timed_out = True
            kill_group(pid)
            break
        ready, _, _ = select.select(list(open_fds), [], [], min(left, 0.2))
        for fd in ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # EIO: every holder of the terminal's other side has gone
                chunk = b""
            if not chunk:
                del open_fds[fd]
            elif open_fds[fd] == 0:
                transcript += chunk
            else:
                captured[open_fds[fd]] += chunk
        if status is None:
            waited, raw = os.waitpid(pid, os.WNOHANG)
            if waited == pid:
                status = raw
    if status is None:
        if not timed_out:
            # Output is closed; give the process a moment to be reaped.
            end = time.monotonic() + 2
            while status is None and time.monotonic() < end:
                waited, raw = os.waitpid(pid, os.WNOHANG)
                if waited == pid:
                    status = raw
                else:
                    time.sleep(0.02)
        if status is None:
            timed_out = True
            kill_group(pid)
            _, status = os.waitpid(pid, 0)
    kill_group(pid)
    os.close(master)
    code = os.waitstatus_to_exitcode(status)
    json.dump(
        {
            "transcript": transcript.decode("utf-8", "replace"),
            "stdout": captured[1].decode("utf-8", "replace"),
            "stderr": captured[2].decode("utf-8", "replace"),
            "exitCode": code if code >= 0 else None,
            "signal": -code if code < 0 else None,
            "timedOut": timed_out,
            "stepsDone": done,
        },
        sys.stdout,
    )
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
