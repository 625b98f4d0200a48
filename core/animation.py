"""Animated exports without Qt (docs/ARCHITECTURE.md §12): which steps the frames show, and the
files they go into (GIF, WebP, APNG with Pillow; MP4 through an ffmpeg executable).

The window renders each frame (gui/animation_recorder.py) and hands it here as an RGB array.
Frames are streamed to a temporary file beside the target, one at a time: memory stays at a
frame or two whatever the length, and a cancelled or failed export leaves no file at all (the
temporary one is removed, the target is only ever replaced whole).

Each container is assembled here from Pillow's encoding of a single frame (its LZW, zlib or
VP8L data), because Pillow's own `save_all` holds every frame in memory until the end. A frame
after the first stores only the rectangle that changed; in a GIF, the pixels of that rectangle
that did not change are transparent, which is what keeps a 10 s, 15 fps GIF of the seed run
small.
"""

from __future__ import annotations

import io
import math
import os
import shutil
import struct
import subprocess
import tempfile
import zlib
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

import numpy as np
from PIL import Image

from core.errors import UserError

DEFAULT_FPS = 15
DEFAULT_SECONDS = 10.0
# A GIF's delays count hundredths of a second and browsers play any delay under 20 ms at 100 ms:
# 50 frames/s is the fastest rate every format plays as asked.
MAX_FPS = 50
MIN_FRAMES, MAX_FRAMES = 2, 3000
MAX_SECONDS = 120.0
GIF_COLOURS = 255  # the 256th palette entry is the transparent "unchanged" colour
GIF_TRANSPARENT = 255
FFMPEG_MISSING = ("an .mp4 needs ffmpeg, which is not installed (neither the imageio-ffmpeg "
                  "package nor an ffmpeg program on PATH); install one, or choose .gif, .webp "
                  "or .png")


class AnimationError(UserError):
    """A recording that cannot be made as asked, or a file that could not be written."""


class AnimationFormat(Enum):
    """The file formats, by the file name's ending."""

    GIF = ".gif"
    WEBP = ".webp"
    APNG = ".png"  # an animated PNG: plain viewers show its first frame
    MP4 = ".mp4"

    @classmethod
    def for_path(cls, path) -> AnimationFormat:
        suffix = Path(path).suffix.lower()
        for member in cls:
            if member.value == suffix:
                return member
        raise AnimationError(f"the file name must end in .gif, .webp, .png (animated PNG) or "
                             f".mp4, not {suffix or 'nothing'}")

    @property
    def tick_ms(self) -> int:
        """The unit of a frame's duration in the file."""
        return 10 if self is AnimationFormat.GIF else 1


@dataclass(frozen=True)
class RecordingPlan:
    """How many frames, at what rate, over which steps. Frame i shows the step nearest to the
    even spacing of [first_step, last_step]; a range with fewer steps than frames holds each
    step for several frames (slow motion), which the file stores as one longer frame."""

    fps: int
    frames: int
    first_step: int
    last_step: int

    def __post_init__(self) -> None:
        if not 1 <= self.fps <= MAX_FPS:
            raise AnimationError(f"the frame rate must be between 1 and {MAX_FPS} frames per "
                                 f"second, got {self.fps}")
        if not MIN_FRAMES <= self.frames <= MAX_FRAMES:
            raise AnimationError(f"an animation has {MIN_FRAMES} to {MAX_FRAMES} frames, got "
                                 f"{self.frames}")
        if not 0 <= self.first_step < self.last_step:
            raise AnimationError(f"the steps must run from a first step >= 0 to a later last "
                                 f"step, got {self.first_step}:{self.last_step}")

    @property
    def seconds(self) -> float:
        return self.frames / self.fps

    def frame_steps(self) -> list[int]:
        """The step each frame shows, in order (non-decreasing; repeats where held)."""
        spaced = np.linspace(self.first_step, self.last_step, self.frames)
        return [int(step) for step in np.floor(spaced + 0.5)]  # half up: no banker's rounding

    def held_steps(self) -> list[tuple[int, int]]:
        """(step, how many consecutive frames show it): one render per distinct step."""
        held: list[tuple[int, int]] = []
        for step in self.frame_steps():
            if held and held[-1][0] == step:
                held[-1] = (step, held[-1][1] + 1)
            else:
                held.append((step, 1))
        return held


def frames_for(fps: int, seconds: float | None, frames: int | None) -> int:
    """The frame count asked for: `frames`, else the nearest to fps x seconds."""
    if frames is not None:
        return frames
    if seconds is None or not 0 < seconds <= MAX_SECONDS:
        raise AnimationError(f"the length must be more than 0 and at most {MAX_SECONDS:g} "
                             f"seconds, got {seconds}")
    return max(1, round(fps * seconds))


def parse_step_range(text: str, last_step: int) -> tuple[int, int]:
    """'A:B' (either side may be left out: 0 and `last_step`) as two steps inside the run."""
    first_text, colon, last_text = text.partition(":")
    if not colon:
        raise AnimationError(f"give the steps as FIRST:LAST (e.g. 0:2000), got {text!r}")
    try:
        first = int(first_text) if first_text.strip() else 0
        last = int(last_text) if last_text.strip() else last_step
    except ValueError:
        raise AnimationError(f"give the steps as whole numbers FIRST:LAST, got {text!r}") from None
    if not 0 <= first < last <= last_step:
        raise AnimationError(f"the steps must satisfy 0 <= FIRST < LAST <= {last_step} (the "
                             f"run's last step), got {first}:{last}")
    return first, last


def ffmpeg_executable() -> str | None:
    """The ffmpeg program an .mp4 is written with: imageio-ffmpeg's own, else one on PATH."""
    try:
        import imageio_ffmpeg  # optional: brings an ffmpeg binary inside a pip package

        return imageio_ffmpeg.get_ffmpeg_exe()
    except Exception:  # not installed, or its binary missing: try the system's
        return shutil.which("ffmpeg")


def check_format_available(fmt: AnimationFormat) -> None:
    if fmt is AnimationFormat.MP4 and ffmpeg_executable() is None:
        raise AnimationError(FFMPEG_MISSING)


# ----- writing ---------------------------------------------------------------------------------


class AnimationWriter:
    """Streams frames into `path`: `add(rgb, frames)` for each rendered step (an H x W x 3
    uint8 array and how many of the plan's frames it is shown for), then `close()`; or
    `discard()` at any point, which leaves no file. Two consecutive identical images become one
    frame of the summed duration (MP4 excepted: a constant rate)."""

    def __init__(self, path, fps: int, fmt: AnimationFormat | None = None) -> None:
        self.path = Path(path)
        try:
            self.format = fmt or AnimationFormat.for_path(path)
            check_format_available(self.format)
        except AnimationError as error:
            raise AnimationError(f"{self.path}: {error}") from None
        self.fps = fps
        self.frames_written = 0  # frames in the file (after merging identical ones)
        self._frames_taken = 0  # of the plan's frames, for the timing
        self._pending: tuple[np.ndarray, int, int] | None = None  # image, start, end frame
        folder = self.path.parent if str(self.path.parent) else Path(".")
        try:
            handle, temporary = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".part",
                                                 dir=folder)
        except OSError as error:
            raise AnimationError(f"{self.path}: cannot be written in {folder} "
                                 f"({error.strerror or error})") from None
        self._temporary = Path(temporary)
        self._file = os.fdopen(handle, "w+b")
        self._container = _CONTAINERS[self.format](self._file, fps, self._temporary)

    def add(self, rgb: np.ndarray, frames: int = 1) -> None:
        if rgb.dtype != np.uint8 or rgb.ndim != 3 or rgb.shape[2] != 3:
            raise ValueError(f"a frame is an H x W x 3 uint8 array, got {rgb.dtype} "
                             f"{rgb.shape}")
        start, self._frames_taken = self._frames_taken, self._frames_taken + frames
        if self.format is AnimationFormat.MP4:
            self._write(rgb, start, self._frames_taken)
            return
        if self._pending is not None:
            image, first, _ = self._pending
            if image.shape == rgb.shape and np.array_equal(image, rgb):
                self._pending = (image, first, self._frames_taken)
                return
            self._write(*self._pending)
        self._pending = (rgb, start, self._frames_taken)

    def close(self) -> Path:
        """Finish the file and put it in place; returns its path."""
        try:
            if self._pending is not None:
                self._write(*self._pending)
                self._pending = None
            if self.frames_written == 0:
                raise AnimationError(f"{self.path}: no frame was rendered")
            self._container.finish()
            self._file.close()
            # mkstemp makes the file private to its owner; an export is an ordinary file.
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(self._temporary, 0o666 & ~umask)
            os.replace(self._temporary, self.path)
        except OSError as error:
            self.discard()
            raise AnimationError(f"{self.path}: could not be written "
                                 f"({error.strerror or error})") from None
        except BaseException:
            self.discard()
            raise
        return self.path

    def discard(self) -> None:
        """Stop and remove what was written; the target file is left as it was."""
        self._container.abandon()
        if not self._file.closed:
            self._file.close()
        self._temporary.unlink(missing_ok=True)

    def _write(self, rgb: np.ndarray, start: int, end: int) -> None:
        tick = self.format.tick_ms
        begin_ms, end_ms = (tick * round(frame * 1000 / self.fps / tick) for frame in
                            (start, end))
        try:
            self._container.write(rgb, end_ms - begin_ms, end - start)
        except OSError as error:
            self.discard()
            raise AnimationError(f"{self.path}: could not be written "
                                 f"({error.strerror or error})") from None
        self.frames_written += 1


def changed_box(previous: np.ndarray | None, rgb: np.ndarray) -> tuple[int, int, int, int]:
    """(left, top, right, bottom) of the pixels that differ from `previous` (all of them for
    the first frame); never empty (identical frames were merged before)."""
    height, width = rgb.shape[:2]
    if previous is None or previous.shape != rgb.shape:
        return 0, 0, width, height
    changed = np.any(previous != rgb, axis=2)
    rows, columns = np.flatnonzero(changed.any(axis=1)), np.flatnonzero(changed.any(axis=0))
    if rows.size == 0:
        return 0, 0, 1, 1
    return int(columns[0]), int(rows[0]), int(columns[-1]) + 1, int(rows[-1]) + 1


class _Container:
    """One file format's framing; `write` gets the frame's image and duration in ms."""

    def __init__(self, file, fps: int, path: Path) -> None:
        self._file, self._fps, self._path = file, fps, path
        self._previous: np.ndarray | None = None

    def write(self, rgb: np.ndarray, duration_ms: int, frames: int) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        pass

    def abandon(self) -> None:
        pass


class _GifContainer(_Container):
    """GIF89a, looping. Each frame: the changed rectangle with its own 255-colour palette
    (chosen for that rectangle's changed pixels only, without dithering: plot lines and text
    stay crisp) and its unchanged pixels transparent, over the frames before it."""

    def write(self, rgb: np.ndarray, duration_ms: int, frames: int) -> None:
        height, width = rgb.shape[:2]
        if self._previous is None:
            self._file.write(b"GIF89a" + struct.pack("<HHBBB", width, height, 0, 0, 0))
            # NETSCAPE2.0: loop for ever
            self._file.write(b"!\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00")
        left, top, right, bottom = changed_box(self._previous, rgb)
        region = rgb[top:bottom, left:right]
        if self._previous is None:
            changed = np.ones(region.shape[:2], dtype=bool)
        else:
            changed = np.any(self._previous[top:bottom, left:right] != region, axis=2)
        colours = region[changed]  # (n, 3): the pixels that need a colour
        quantised = Image.fromarray(colours[np.newaxis]).quantize(
            GIF_COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        indices = np.full(region.shape[:2], GIF_TRANSPARENT, dtype=np.uint8)
        indices[changed] = np.asarray(quantised)[0]
        palette = bytes(quantised.getpalette()[:3 * GIF_COLOURS]).ljust(768, b"\0")
        # Graphic control: keep the picture under the frame (disposal 1), transparent index.
        delay = max(1, round(duration_ms / 10))
        self._file.write(struct.pack("<BBBBHBB", 0x21, 0xF9, 4, (1 << 2) | 1, delay,
                                     GIF_TRANSPARENT, 0))
        self._file.write(struct.pack("<BHHHHB", 0x2C, left, top, right - left, bottom - top,
                                     0x80 | 7))  # a local colour table of 256 entries
        self._file.write(palette)
        self._file.write(_gif_image_data(indices, palette))
        self._previous = rgb

    def finish(self) -> None:
        self._file.write(b";")


def _gif_image_data(indices: np.ndarray, palette: bytes) -> bytes:
    """The LZW minimum code size and data sub-blocks of `indices`, as Pillow encodes them: a
    one-frame GIF of Pillow's is written and its image block taken out."""
    image = Image.fromarray(indices, "P")
    image.putpalette(palette)
    buffer = io.BytesIO()
    # interlace=False: the frame's descriptor, written by the container, says "not interlaced"
    image.save(buffer, "GIF", optimize=False, interlace=False)
    data = buffer.getvalue()
    position = 13
    if data[10] & 0x80:  # a global colour table
        position += 3 * (2 << (data[10] & 7))
    while data[position] == 0x21:  # extensions: skip their sub-blocks
        position += 2
        while data[position]:
            position += data[position] + 1
        position += 1
    if data[position] != 0x2C:
        raise OSError("Pillow wrote a GIF without an image block")
    packed = data[position + 9]
    if packed & 0x40:
        raise OSError("Pillow wrote an interlaced GIF frame")
    position += 10 + (3 * (2 << (packed & 7)) if packed & 0x80 else 0)
    start = position
    position += 1  # the LZW minimum code size
    while data[position]:
        position += data[position] + 1
    return data[start:position + 1]


def _png_chunk(kind: bytes, payload: bytes) -> bytes:
    return (struct.pack(">I", len(payload)) + kind + payload
            + struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF))


def _png_chunks(data: bytes):
    position = 8
    while position < len(data):
        (length,) = struct.unpack(">I", data[position:position + 4])
        yield data[position + 4:position + 8], data[position + 8:position + 8 + length]
        position += 12 + length


class _ApngContainer(_Container):
    """APNG, looping: 8-bit RGB, lossless (each frame decodes to the very pixels rendered). The
    first frame is also the still image; later ones replace their changed rectangle."""

    def __init__(self, file, fps: int, path: Path) -> None:
        super().__init__(file, fps, path)
        self._sequence = 0  # fcTL and fdAT chunks share one sequence
        self._frames = 0
        self._count_at = 0  # where acTL's payload is: its frame count is known at the end

    def write(self, rgb: np.ndarray, duration_ms: int, frames: int) -> None:
        left, top, right, bottom = changed_box(self._previous, rgb)
        buffer = io.BytesIO()
        Image.fromarray(rgb[top:bottom, left:right]).save(buffer, "PNG", compress_level=6)
        chunks = list(_png_chunks(buffer.getvalue()))
        if self._previous is None:
            self._file.write(b"\x89PNG\r\n\x1a\n")
            self._file.write(_png_chunk(b"IHDR", dict(chunks)[b"IHDR"]))
            self._count_at = self._file.tell() + 8
            self._file.write(_png_chunk(b"acTL", struct.pack(">II", 0, 0)))  # 0 plays: loop
        numerator, denominator = (duration_ms, 1000) if duration_ms < 65536 else (
            round(duration_ms / 10), 100)
        self._file.write(_png_chunk(b"fcTL", struct.pack(
            ">IIIIIHHBB", self._sequence, right - left, bottom - top, left, top, numerator,
            denominator, 0, 0)))  # dispose: none; blend: source
        self._sequence += 1
        for kind, payload in chunks:
            if kind != b"IDAT":
                continue
            if self._previous is None:
                self._file.write(_png_chunk(b"IDAT", payload))
            else:
                self._file.write(_png_chunk(b"fdAT", struct.pack(">I", self._sequence)
                                            + payload))
                self._sequence += 1
        self._previous = rgb
        self._frames += 1

    def finish(self) -> None:
        self._file.write(_png_chunk(b"IEND", b""))
        chunk = _png_chunk(b"acTL", struct.pack(">II", self._frames, 0))
        self._file.seek(self._count_at - 8)
        self._file.write(chunk)  # the same length: the count and its CRC replaced
        self._file.seek(0, os.SEEK_END)


class _WebpContainer(_Container):
    """Animated WebP, looping, lossless. A frame after the first replaces its changed rectangle
    (widened to even coordinates, as WebP's frame offsets are)."""

    def write(self, rgb: np.ndarray, duration_ms: int, frames: int) -> None:
        height, width = rgb.shape[:2]
        if self._previous is None:
            self._file.write(b"RIFF\0\0\0\0WEBP")  # the size is written at the end
            self._file.write(_riff_chunk(b"VP8X", bytes([0x02, 0, 0, 0])
                                         + _u24(width - 1) + _u24(height - 1)))
            self._file.write(_riff_chunk(b"ANIM", b"\xff\xff\xff\xff" + struct.pack("<H", 0)))
        left, top, right, bottom = changed_box(self._previous, rgb)
        left, top = left - left % 2, top - top % 2
        buffer = io.BytesIO()
        # quality is the lossless effort: 20 is several times faster than the default and, on
        # plots, within a few per cent of its size.
        Image.fromarray(rgb[top:bottom, left:right]).save(buffer, "WEBP", lossless=True,
                                                          quality=20, method=1)
        data = buffer.getvalue()
        frame_data = data[12:]  # the VP8L chunk (and nothing else: RGB has no alpha)
        header = (_u24(left // 2) + _u24(top // 2) + _u24(right - left - 1)
                  + _u24(bottom - top - 1) + _u24(min(duration_ms, 0xFFFFFF))
                  + bytes([0x02]))  # do not blend with the frame before; do not dispose
        self._file.write(_riff_chunk(b"ANMF", header + frame_data))
        self._previous = rgb

    def finish(self) -> None:
        size = self._file.tell()
        self._file.seek(4)
        self._file.write(struct.pack("<I", size - 8))
        self._file.seek(0, os.SEEK_END)


def _u24(value: int) -> bytes:
    return struct.pack("<I", value)[:3]


def _riff_chunk(kind: bytes, payload: bytes) -> bytes:
    padding = b"\0" if len(payload) % 2 else b""
    return kind + struct.pack("<I", len(payload)) + payload + padding


class _Mp4Container(_Container):
    """H.264 in MP4 at a constant rate, by piping raw frames into ffmpeg."""

    def __init__(self, file, fps: int, path: Path) -> None:
        super().__init__(file, fps, path)
        self._process: subprocess.Popen | None = None

    def write(self, rgb: np.ndarray, duration_ms: int, frames: int) -> None:
        if self._process is None:
            height, width = rgb.shape[:2]
            self._size = (width, height)
            self._process = subprocess.Popen(
                [ffmpeg_executable() or "ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
                 "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{width}x{height}",
                 "-r", str(self._fps), "-i", "-",
                 # yuv420p (what players expect) needs even sizes
                 "-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2", "-c:v", "libx264",
                 "-pix_fmt", "yuv420p", "-crf", "18", "-movflags", "+faststart",
                 "-f", "mp4", str(self._path)],
                stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if (rgb.shape[1], rgb.shape[0]) != self._size:
            raise OSError("the frames changed size")
        data = np.ascontiguousarray(rgb).tobytes()
        try:
            for _ in range(frames):
                self._process.stdin.write(data)
        except BrokenPipeError:
            raise OSError(self._ffmpeg_problem()) from None

    def finish(self) -> None:
        if self._process is None:
            return
        self._process.stdin.close()
        if self._process.wait() != 0:
            raise OSError(self._ffmpeg_problem())

    def abandon(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.wait()

    def _ffmpeg_problem(self) -> str:
        self._process.wait()
        said = self._process.stderr.read().decode(errors="replace").strip().splitlines()
        return f"ffmpeg failed: {said[-1] if said else 'status ' + str(self._process.returncode)}"


_CONTAINERS = {AnimationFormat.GIF: _GifContainer, AnimationFormat.APNG: _ApngContainer,
               AnimationFormat.WEBP: _WebpContainer, AnimationFormat.MP4: _Mp4Container}


# The window says the same in its language (gui/animation_dialog.py translates this text).
DESCRIPTION = "{frames} frames, {seconds} s at {fps} frames/s, steps {first} to {last}"


def description_values(plan: RecordingPlan) -> dict[str, str]:
    """The numbers of DESCRIPTION for `plan`, formatted."""
    seconds = plan.seconds
    return {"frames": str(plan.frames), "fps": str(plan.fps),
            "seconds": f"{seconds:g}" if seconds == math.floor(seconds) else f"{seconds:.1f}",
            "first": f"{plan.first_step:,}", "last": f"{plan.last_step:,}"}


def describe(plan: RecordingPlan) -> str:
    """'150 frames, 10 s at 15 frames/s, steps 0 to 10,000' for the dialog and messages."""
    return DESCRIPTION.format(**description_values(plan))
