"""Reading local media: probing real (generated) media files, caption tracks (URLs: test_localfiles)."""

from __future__ import annotations

import math
from array import array
from pathlib import Path

import av
import pytest

from a11ycheck.media import media_window, probe, read_track

RATE = 8000  # audio sample rate of the generated files


def write_media(path: Path, *, seconds: float = 1.0, video: bool = True, audio: str | None = "tone") -> Path:
    """Write a small MP4: 32×32 black video (optional) and mono AAC audio that is a tone, silence, or none."""
    with av.open(str(path), "w") as out:  # every stream is added before the first packet is written
        picture = out.add_stream("mpeg4", rate=10) if video else None
        sound = out.add_stream("aac", rate=RATE, layout="mono") if audio else None
        if picture is not None:
            picture.width = picture.height = 32
            picture.pix_fmt = "yuv420p"
            for i in range(round(seconds * 10)):
                frame = av.VideoFrame(32, 32, "yuv420p")
                for plane in frame.planes:
                    plane.update(bytes(plane.buffer_size))
                frame.pts = i
                out.mux(picture.encode(frame))
            out.mux(picture.encode())
        if sound is not None:
            level = 0.5 if audio == "tone" else 0.0
            for start in range(0, round(seconds * RATE), 1024):
                frame = av.AudioFrame(format="fltp", layout="mono", samples=1024)
                wave = (level * math.sin(2 * math.pi * 440 * (start + k) / RATE) for k in range(1024))
                frame.planes[0].update(array("f", wave).tobytes())
                frame.sample_rate = RATE
                frame.pts = start
                out.mux(sound.encode(frame))
            out.mux(sound.encode())
    return path


# -- probing ---------------------------------------------------------------------------------------
def test_video_with_a_tone_has_sound(tmp_path: Path) -> None:
    info = probe(str(write_media(tmp_path / "tone.mp4")))
    assert info is not None
    assert info.has_video and info.audio_tracks == 1
    assert info.has_sound is True
    assert info.duration == pytest.approx(1.0, abs=0.1)


def test_silent_audio_track_is_no_sound(tmp_path: Path) -> None:
    info = probe(str(write_media(tmp_path / "hush.mp4", audio="silence")))
    assert info is not None and info.audio_tracks == 1
    assert info.has_sound is False


def test_video_without_audio_stream(tmp_path: Path) -> None:
    info = probe(str(write_media(tmp_path / "mute.mp4", audio=None)))
    assert info is not None and info.audio_tracks == 0 and info.has_sound is False


def test_sound_between_measures_a_window(tmp_path: Path) -> None:
    info = probe(str(write_media(tmp_path / "long.m4a", seconds=5, video=False)))
    assert info is not None and not info.has_video
    assert info.sound_between(0, None) == pytest.approx(5.0, abs=0.2)
    assert info.sound_between(1, 3) == pytest.approx(2.0, abs=0.01)


def test_long_files_are_scanned_only_so_far(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("a11ycheck.media._SCAN_LIMIT", 1.0)
    info = probe(str(write_media(tmp_path / "quiet.m4a", seconds=4, video=False, audio="silence")))
    assert info is not None and info.scanned is not None
    assert info.has_sound is None, "silence in the part read says nothing of the rest"
    assert info.sound_between(0, 0.5) == 0
    assert info.sound_between(0, 3) is None
    loud = probe(str(write_media(tmp_path / "loud.m4a", seconds=4, video=False)))
    assert loud.has_sound is True, "sound found early is sound"


def test_missing_and_unreadable_files_are_unknown(tmp_path: Path) -> None:
    assert probe(str(tmp_path / "perspective-video-silent.mp4")) is None
    assert probe(None) is None
    junk = tmp_path / "junk.mp4"
    junk.write_bytes(b"not a video at all")
    assert probe(str(junk)) is None
    vtt = tmp_path / "captions.vtt"
    vtt.write_text("WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n")
    assert probe(str(vtt)) is None, "a file without audio or video streams is not media"
    gif = tmp_path / "poster.gif"
    gif.write_bytes(b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00"
                    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")
    assert probe(str(gif)) is None, "a still image does not play in <video>"


def test_probe_notices_a_replaced_file(tmp_path: Path) -> None:
    path = tmp_path / "clip.mp4"
    write_media(path, audio="silence")
    assert probe(str(path)).has_sound is False
    write_media(path, seconds=2)
    assert probe(str(path)).has_sound is True


@pytest.mark.parametrize(
    ("url", "window"),
    [("a.mp4#t=8,10", (8.0, 10.0)), ("a.mp4#t=,5", (0.0, 5.0)), ("a.mp4#t=npt:1:02.5", (62.5, None)),
     ("a.mp4", (0.0, None)), ("a.mp4#t=abc", (0.0, None))],
)
def test_media_fragment(url: str, window: tuple[float, float | None]) -> None:
    assert media_window(url) == window


# -- caption tracks -----------------------------------------------------------------------------------
def test_read_track_counts_cues(tmp_path: Path) -> None:
    vtt = tmp_path / "captions.vtt"
    vtt.write_text("WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n\n00:01.000 --> 00:02.000\nWorld\n")
    info = read_track(str(vtt))
    assert info is not None and info.webvtt and info.cues == 2
    empty = tmp_path / "empty.vtt"
    empty.write_text("WEBVTT\n")
    assert read_track(str(empty)).cues == 0
    assert read_track(str(tmp_path / "missing.vtt")) is None
