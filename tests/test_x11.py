"""The real application on a real X server (Xvfb): started as a process with the xcb platform,
clicked with a real X pointer event (xdotool), closed by an X close request (WM_DELETE_WINDOW,
what a window manager sends for the title bar's close button). `.ci/run` installs Xvfb, xdotool
and the xcb libraries Qt needs. Without Xvfb or xdotool the test is skipped, with a reason that
says how to install them; with them, a missing xcb library fails it (the driver's stderr says
which)."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import queue
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[1]
DRIVER = ROOT / "tests" / "x11_driver.py"
WIDTH, HEIGHT = 1600, 1000
TIMEOUT_S = 60


MISSING = [tool for tool in ("Xvfb", "xdotool") if shutil.which(tool) is None]
pytestmark = pytest.mark.skipif(
    bool(MISSING),
    reason=f"{' and '.join(MISSING)} not installed (this test runs the window on a real X "
           "server); .ci/run installs them, or on Debian / Ubuntu: apt-get install xvfb xdotool "
           "and the xcb libraries that .ci/run lists")


def require(tool: str) -> str:
    path = shutil.which(tool)
    assert path is not None, f"{tool} vanished after collection"  # the skip above checked it
    return path


def free_display() -> int:
    for number in range(90, 400):
        if not (Path(f"/tmp/.X{number}-lock").exists()
                or Path(f"/tmp/.X11-unix/X{number}").exists()):
            return number
    raise RuntimeError("no free X display number between :90 and :399")


@pytest.fixture
def xserver(tmp_path):
    """An Xvfb of its own on a free display; stopped (and waited for) at the end."""
    xvfb = require("Xvfb")
    number = free_display()
    log = open(tmp_path / "xvfb.log", "w")
    process = subprocess.Popen([xvfb, f":{number}", "-screen", "0", f"{WIDTH}x{HEIGHT}x24",
                                "-nolisten", "tcp"], stdout=log, stderr=subprocess.STDOUT)
    socket = Path(f"/tmp/.X11-unix/X{number}")
    deadline = time.monotonic() + 15
    while not socket.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            process.wait()
            log.close()
            pytest.fail(f"Xvfb did not start: {(tmp_path / 'xvfb.log').read_text()[-1000:]}")
        time.sleep(0.05)
    try:
        yield f":{number}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


class Lines:
    """The driver's stdout, line by line, read by a thread so that waits can time out."""

    def __init__(self, stream):
        self.seen: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream) -> None:
        for line in stream:
            self._queue.put(line.rstrip("\n"))
        self._queue.put(None)

    def wait_for(self, prefix: str, timeout: float = TIMEOUT_S) -> str:
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self._queue.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(
                    f"no {prefix!r} line within {timeout} s; saw {self.seen}") from None
            if line is None:
                raise AssertionError(f"the driver ended before {prefix!r}; saw {self.seen}")
            self.seen.append(line)
            if line.startswith(prefix):
                return line


class XClientMessageEvent(ctypes.Structure):
    _fields_ = [("type", ctypes.c_int), ("serial", ctypes.c_ulong), ("send_event", ctypes.c_int),
                ("display", ctypes.c_void_p), ("window", ctypes.c_ulong),
                ("message_type", ctypes.c_ulong), ("format", ctypes.c_int),
                ("data", ctypes.c_long * 5)]


class XEvent(ctypes.Union):
    _fields_ = [("xclient", XClientMessageEvent), ("pad", ctypes.c_long * 24)]


def send_close_request(display: str, window: int) -> None:
    """Send WM_DELETE_WINDOW to `window`, as a window manager's close button does."""
    xlib = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
    xlib.XOpenDisplay.restype = ctypes.c_void_p
    xlib.XOpenDisplay.argtypes = [ctypes.c_char_p]
    xlib.XInternAtom.restype = ctypes.c_ulong
    xlib.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    xlib.XSendEvent.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_long,
                                ctypes.POINTER(XEvent)]
    xlib.XFlush.argtypes = xlib.XCloseDisplay.argtypes = [ctypes.c_void_p]
    connection = xlib.XOpenDisplay(display.encode())
    assert connection, f"cannot open X display {display}"
    try:
        event = XEvent()
        event.xclient.type = 33  # ClientMessage
        event.xclient.window = window
        event.xclient.message_type = xlib.XInternAtom(connection, b"WM_PROTOCOLS", 0)
        event.xclient.format = 32
        event.xclient.data[0] = xlib.XInternAtom(connection, b"WM_DELETE_WINDOW", 0)
        event.xclient.data[1] = 0  # CurrentTime
        assert xlib.XSendEvent(connection, window, 0, 0, ctypes.byref(event))
        xlib.XFlush(connection)
    finally:
        xlib.XCloseDisplay(connection)


def assert_not_blank(image: QImage, what: str) -> None:
    assert not image.isNull(), f"{what} could not be read"
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7)
               for y in range(0, image.height(), 7)}
    assert len(colours) > 20, f"{what} looks blank ({len(colours)} colours)"


def test_real_x_window_is_clicked_trains_and_closes(xserver, tmp_path):
    xdotool = require("xdotool")
    shot = tmp_path / "window.png"
    env = {**os.environ, "DISPLAY": xserver, "QT_QPA_PLATFORM": "xcb",
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_RUNTIME_DIR": str(tmp_path)}
    stderr_path = tmp_path / "driver.err"
    with open(stderr_path, "w") as stderr:
        driver = subprocess.Popen(
            [sys.executable, str(DRIVER), "--shot", str(shot), "--preset", "seed",
             "--iterations", "2000", "--device", "cpu", "--timeout", str(TIMEOUT_S)],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=stderr, text=True)
        try:
            lines = Lines(driver.stdout)
            _, x, y, window_id = lines.wait_for("ready").split()
            found = subprocess.run([xdotool, "search", "--name", "Logistic Regression Lab"],
                                   env=env, capture_output=True, text=True, timeout=10)
            assert window_id in found.stdout.split(), "the window is not on the X server"
            subprocess.run([xdotool, "mousemove", "--sync", x, y, "click", "1"], env=env,
                           check=True, timeout=10)
            assert lines.wait_for("pressed") == "pressed spontaneous=True"
            assert lines.wait_for("finished") == "finished finished 2000"
            lines.wait_for("saved")
            send_close_request(xserver, int(window_id))
            closed = lines.wait_for("closed", timeout=15)
            status = driver.wait(timeout=15)
        finally:
            if driver.poll() is None:
                driver.kill()
                driver.wait()
    errors = stderr_path.read_text()
    assert status == 0, errors[-3000:]
    assert closed == "closed visible=False thread_running=False"
    assert "QThread: Destroyed" not in errors
    assert "Traceback" not in errors, errors[-3000:]

    image = QImage(str(shot))
    assert image.width() >= 1000 and image.height() >= 600, image.size()
    assert_not_blank(image, "window.grab()")
    screen = QImage(str(shot) + ".screen.png")
    assert (screen.width(), screen.height()) == (WIDTH, HEIGHT)
    assert_not_blank(screen, "the X screen")
    # The pixels the X server shows at the Start button are the window's, not the empty root.
    assert screen.pixel(int(x), int(y)) != screen.pixel(WIDTH - 1, HEIGHT - 1)
