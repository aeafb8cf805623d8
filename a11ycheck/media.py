"""Local media files a page points at: what their streams hold, and what caption tracks say.

Which URL names which local file is :mod:`a11ycheck.localfiles`' to say. Nothing is fetched: an
``http(s)`` URL, or a file that is missing or unreadable, is *unknown* (``None``), never "silent".
Media files are read with PyAV (FFmpeg's libraries, bundled in its wheels), from a file opened here:
FFmpeg gets the one file and opens nothing itself (only the demuxers of plain media files, no
playlists or concatenations, no protocols). A probe decodes the audio to tell sound from a silent
track. Caption tracks are read up to a size cap. Probes and tracks are cached by path, size and mtime.
"""

from __future__ import annotations

import os
import re
import stat
from array import array
from dataclasses import dataclass
from functools import lru_cache
from types import ModuleType
from typing import TYPE_CHECKING, Any, BinaryIO

from .localfiles import READ_LIMIT, open_regular, read_regular
from .urls import split_url

if TYPE_CHECKING:
    from av.audio.stream import AudioStream
    from av.container import InputContainer

__all__ = ["MediaInfo", "TrackInfo", "media_window", "probe", "read_track"]

# Peak sample level (16-bit) above which an audio frame counts as sound: about -60 dBFS.
_SOUND_PEAK = 32
# Audio is decoded up to this many seconds per track: a long podcast is not decoded whole.
_SCAN_LIMIT = 600.0
# What FFmpeg may do with a media file: demux it with one of these demuxers, which read the one file
# they are given (no playlist (hls, dash), concatenation, image sequence or device), and open no other
# file or URL at all (no protocol is allowed; the file itself is read through the handle given).
_FFMPEG_OPTIONS = {
    "format_whitelist": "mov,mp4,m4a,3gp,3g2,mj2,matroska,webm,ogg,mp3,wav,flac,aac,avi,asf,flv,mpegts,mpeg,aiff,caf",
    "protocol_whitelist": "none",
}
_NPT_RE = re.compile(r"^(?:npt:)?([\d:.]*)(?:,([\d:.]*))?$")


@dataclass(frozen=True, slots=True)
class MediaInfo:
    """What a media file holds: its duration, whether it has pictures, and where its sound is."""

    path: str
    duration: float  # seconds (0.0 when the container does not say)
    has_video: bool
    audio_tracks: int
    sound: tuple[tuple[float, float], ...]  # merged (start, end) spans where an audio track is not silent
    scanned: float | None = None  # seconds of audio decoded, when the scan stopped before the end

    @property
    def has_sound(self) -> bool | None:
        """True when some audio track is not only silence; None when the silent part read is not all."""
        if self.sound:
            return True
        return None if self.scanned is not None else False

    def sound_between(self, start: float, end: float | None) -> float | None:
        """Seconds of sound between ``start`` and ``end`` (None: the end of the file); None if not all read."""
        stop = float("inf") if end is None else end
        if self.scanned is not None and stop > self.scanned:
            return None
        return sum(max(0.0, min(b, stop) - max(a, start)) for a, b in self.sound)


@dataclass(frozen=True, slots=True)
class TrackInfo:
    """A WebVTT text track file: whether it says it is WebVTT, and how many cues it holds."""

    path: str
    webvtt: bool
    cues: int


def media_window(url: str) -> tuple[float, float | None]:
    """The play range a media fragment (``#t=8,10``) asks for: (start, end or None)."""
    fragment = split_url(url.strip()).fragment
    for part in fragment.split("&"):
        name, _, value = part.partition("=")
        match = _NPT_RE.match(value) if name == "t" else None
        if match:
            start = _clock(match.group(1)) or 0.0
            return start, _clock(match.group(2) or "")
    return 0.0, None


def _clock(text: str) -> float | None:
    """Seconds from ``ss[.f]``, ``mm:ss`` or ``hh:mm:ss``; None when empty or malformed."""
    try:
        seconds = 0.0
        for field in text.split(":"):
            seconds = seconds * 60 + float(field)
    except ValueError:
        return None
    return seconds


def _stamp(path: str | None) -> tuple[int, int] | None:
    """Size and mtime of a regular file (not a link, FIFO, device...); None when there is none."""
    try:
        found = os.lstat(path) if path else None
    except OSError:
        return None
    return (found.st_size, found.st_mtime_ns) if found is not None and stat.S_ISREG(found.st_mode) else None


def probe(path: str | None) -> MediaInfo | None:
    """Read a local media file's streams; None when there is no such file or it cannot be read."""
    stamp = _stamp(path)
    return None if path is None or stamp is None else _probe(path, *stamp)


def _open(av: Any, handle: BinaryIO) -> Any:
    """Open a media file for reading; PyAV before 19 decodes bad metadata strictly unless told not to."""
    try:
        return av.open(handle, options=_FFMPEG_OPTIONS, metadata_errors="ignore")
    except TypeError:  # PyAV 19 dropped the option
        return av.open(handle, options=_FFMPEG_OPTIONS)


@lru_cache(maxsize=256)
def _probe(path: str, size: int, mtime: int) -> MediaInfo | None:
    import av  # imported on first use: most pages have no local media

    try:
        with open_regular(path) as handle, _open(av, handle) as container:
            has_video = any(s.type == "video" for s in container.streams)
            audio = list(container.streams.audio)
            duration = container.duration / 1_000_000 if container.duration else 0.0
            sound: list[tuple[float, float]] = []
            scanned: float | None = None
            for stream in audio:
                container.seek(0)
                spans, stopped = _sound_spans(av, container, stream)
                sound += spans
                if stopped is not None:
                    scanned = stopped if scanned is None else min(scanned, stopped)
    except (av.FFmpegError, OSError, ValueError):
        return None
    if not has_video and not audio:  # not a media file (a caption track, a page, ...)
        return None
    if not duration:
        duration = max((end for _, end in sound), default=0.0)
    return MediaInfo(path, duration, has_video, len(audio), _merge(sound), scanned)


def _sound_spans(av: ModuleType, container: InputContainer,
                 stream: AudioStream) -> tuple[list[tuple[float, float]], float | None]:
    """(start, end) of every decoded frame of an audio stream whose peak is above silence, and the time
    the scan stopped at when it stopped before the end (``_SCAN_LIMIT``)."""
    resampler = av.AudioResampler(format="s16", layout="mono")
    spans: list[tuple[float, float]] = []
    elapsed = 0.0
    for frame in container.decode(stream):
        length = frame.samples / frame.sample_rate if frame.sample_rate else 0.0
        start = float(frame.time) if frame.time is not None else elapsed
        if start > _SCAN_LIMIT:
            return spans, start
        elapsed = start + length
        for out in resampler.resample(frame):
            samples = array("h", bytes(out.planes[0])[: out.samples * 2])
            if samples and max(max(samples), -min(samples)) > _SOUND_PEAK:
                spans.append((start, start + length))
                break
    return spans, None


def _merge(spans: list[tuple[float, float]]) -> tuple[tuple[float, float], ...]:
    merged: list[tuple[float, float]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1] + 1e-3:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)


def read_track(path: str | None) -> TrackInfo | None:
    """Read a local WebVTT file; None when there is no such file, it cannot be read or is over ``READ_LIMIT``."""
    stamp = _stamp(path)
    return None if path is None or stamp is None else _read_track(path, *stamp)


@lru_cache(maxsize=256)
def _read_track(path: str, size: int, mtime: int) -> TrackInfo | None:
    try:
        text = read_regular(path, READ_LIMIT).decode("utf-8-sig", errors="replace")
    except OSError:
        return None
    cues = sum(1 for line in text.splitlines() if "-->" in line)
    return TrackInfo(path, text.lstrip().startswith("WEBVTT"), cues)
