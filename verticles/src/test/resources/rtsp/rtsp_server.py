#!/usr/bin/python3
"""A stand-in for a gate camera: serves a folder of JPEG frames as live H.264 over RTSP.

The frame on air follows the wall clock from the moment the server starts, as a camera's does:
a client that connects late sees the current frame, not the first one. Without --loop the last
frame stays on air once the folder is played, as a camera keeps looking at an emptied lane.

Prints "READY rtsp://127.0.0.1:PORT/MOUNT" on stdout once listening (--port 0 takes a free
port, named in that line). SIGTERM or SIGINT stop it with status 0.
"""

import argparse
import os
import signal
import struct
import sys
import threading
import time

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402

ROLE = "camera-user"


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--port", type=int, default=8554, help="0 takes a free port")
    p.add_argument("--mount", default="/lane")
    p.add_argument("--frames", required=True, help="folder of f00000.jpg, f00001.jpg, ... all one size")
    p.add_argument("--fps", type=int, default=25)
    p.add_argument("--loop", action="store_true", help="play the frames again and again")
    p.add_argument("--username")
    p.add_argument("--password")
    p.add_argument(
        "--die-with-stdin",
        action="store_true",
        help="exit when standard input closes: a test run that dies, holding the other end, leaves no server behind",
    )
    a = p.parse_args()
    if (a.username is None) != (a.password is None):
        p.error("--username and --password go together")
    if not a.mount.startswith("/"):
        p.error("--mount must start with /")
    return a


def frame_files(folder):
    files = []
    while True:
        f = os.path.join(folder, "f%05d.jpg" % len(files))
        if not os.path.isfile(f):
            break
        files.append(f)
    if not files:
        sys.exit("no frames: %s/f00000.jpg does not exist" % folder)
    return files


def jpeg_size(path):
    """Width and height from the first start-of-frame marker, so that the caps need no decoder."""
    with open(path, "rb") as f:
        data = f.read()
    i = 2
    while i + 9 < len(data):
        marker, length = data[i + 1], struct.unpack_from(">H", data, i + 2)[0]
        if marker in (0xC0, 0xC1, 0xC2):
            height, width = struct.unpack_from(">HH", data, i + 5)
            return width, height
        i += 2 + length
    sys.exit("no JPEG frame header in " + path)


def encoder(fps):
    """x264 as tuned for cameras; the others where a distribution leaves x264 out."""
    if Gst.ElementFactory.find("x264enc"):
        return "x264enc tune=zerolatency speed-preset=ultrafast key-int-max=%d bframes=0 threads=1" % fps
    if Gst.ElementFactory.find("openh264enc"):
        return "openh264enc gop-size=%d complexity=low" % fps
    if Gst.ElementFactory.find("avenc_h264"):
        return "avenc_h264 gop-size=%d" % fps
    sys.exit("no H.264 encoder: install gstreamer1.0-plugins-ugly (x264enc) or gstreamer1.0-plugins-bad")


class Camera:
    """Pushes the frame due now into every live pipeline, at the frame rate, from one thread."""

    def __init__(self, files, fps, loop):
        self.files = files
        self.fps = fps
        self.loop = loop
        self.sources = set()
        self.lock = threading.Lock()
        self.start = time.monotonic()
        self.cache = {}

    def attach(self, media):
        src = media.get_element().get_by_name("src")
        with self.lock:
            self.sources.add(src)
        media.connect("unprepared", lambda m: self.detach(src))

    def detach(self, src):
        with self.lock:
            self.sources.discard(src)

    def frame(self, index):
        if index not in self.cache:
            with open(self.files[index], "rb") as f:
                data = f.read()
            # a few seconds of frames stay in memory; a long video is read again from the page cache
            if len(self.cache) > 300:
                self.cache.clear()
            self.cache[index] = Gst.Buffer.new_wrapped(data)
        return self.cache[index]

    def run(self):
        tick = 0
        while True:
            tick += 1
            # sleeping to the next due time keeps the rate exact; after a freeze it jumps to the frame due now
            delay = self.start + tick / self.fps - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            else:
                tick = int((time.monotonic() - self.start) * self.fps)
            n = int((time.monotonic() - self.start) * self.fps)
            index = n % len(self.files) if self.loop else min(n, len(self.files) - 1)
            with self.lock:
                sources = list(self.sources)
            if sources:
                buf = self.frame(index)
                for src in sources:
                    src.emit("push-buffer", buf)


def stdin_closed(loop):
    def watch(fd, condition):
        if os.read(fd, 4096):
            return GLib.SOURCE_CONTINUE
        loop.quit()
        return GLib.SOURCE_REMOVE

    return watch


def main():
    args = parse_args()
    Gst.init(None)
    files = frame_files(args.frames)
    width, height = jpeg_size(files[0])
    camera = Camera(files, args.fps, args.loop)

    caps = "image/jpeg,width=%d,height=%d,framerate=%d/1" % (width, height, args.fps)
    # live and timestamped on arrival: what the encoder sees is what a camera would have sent at that moment;
    # the leaky queue drops stale frames while a pipeline is not yet playing
    launch = (
        "( appsrc name=src is-live=true do-timestamp=true format=time max-buffers=3 leaky-type=downstream "
        'caps="%s" ! jpegdec ! videoconvert ! video/x-raw,format=I420 ! %s '
        "! rtph264pay name=pay0 pt=96 config-interval=-1 )" % (caps, encoder(args.fps))
    )
    factory = GstRtspServer.RTSPMediaFactory()
    factory.set_launch(launch)
    # one pipeline for every client, as one camera has one sensor
    factory.set_shared(True)
    factory.connect("media-configure", lambda f, media: camera.attach(media))

    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(str(args.port))
    if args.username is not None:
        auth = GstRtspServer.RTSPAuth()
        token = GstRtspServer.RTSPToken()
        token.set_string(GstRtspServer.RTSP_TOKEN_MEDIA_FACTORY_ROLE, ROLE)
        auth.add_basic(GstRtspServer.RTSPAuth.make_basic(args.username, args.password), token)
        server.set_auth(auth)
        permissions = GstRtspServer.RTSPPermissions()
        permissions.add_permission_for_role(ROLE, GstRtspServer.RTSP_PERM_MEDIA_FACTORY_ACCESS, True)
        permissions.add_permission_for_role(ROLE, GstRtspServer.RTSP_PERM_MEDIA_FACTORY_CONSTRUCT, True)
        factory.set_permissions(permissions)
    server.get_mount_points().add_factory(args.mount, factory)

    loop = GLib.MainLoop()
    if server.attach(None) == 0:
        sys.exit("cannot listen on 127.0.0.1:%d" % args.port)
    for sig in (signal.SIGTERM, signal.SIGINT):
        GLib.unix_signal_add(GLib.PRIORITY_HIGH, sig, lambda: loop.quit() or GLib.SOURCE_REMOVE)
    if args.die_with_stdin:
        GLib.io_add_watch(sys.stdin.fileno(), GLib.PRIORITY_DEFAULT, GLib.IO_IN | GLib.IO_HUP, stdin_closed(loop))
    threading.Thread(target=camera.run, name="camera", daemon=True).start()
    print("READY rtsp://127.0.0.1:%d%s" % (server.get_bound_port(), args.mount), flush=True)
    loop.run()


if __name__ == "__main__":
    main()
