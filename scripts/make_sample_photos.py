#!/usr/bin/env python3
"""Generate the four illustrative sample photos for issue 2026-046.

The pictures are drawn procedurally with Pillow (simple flat illustrations,
no text) so the sample issue has images that look like pictures at a glance
without shipping real photographs.  Everything is deterministic: each scene
uses its own fixed random seed, so running the script twice gives identical
files.

    .venv/bin/python scripts/make_sample_photos.py [OUTDIR]

OUTDIR defaults to issues/2026-046 next to this script.  Output:

    photo-factory.jpg   factory skyline under a sky gradient
    photo-meeting.jpg   meeting room with tables and people
    photo-robot.jpg     robot arm welding on a production line
    photo-park.png      park with trees, lawn and an office building
    photo-winter.jpg    the park on a frosty winter morning (mirrored, paler)

All images are 1800 x 1200 px RGB (about 3:2; 120 mm wide at 380 ppi),
JPEGs at quality 88.
"""
from __future__ import annotations

import math
import random
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

W, H = 1800, 1200          # output size in px
SS = 2                      # supersampling factor (drawn at 2x, then reduced)
JPEG_QUALITY = 88


# ---------------------------------------------------------------- helpers
def canvas() -> tuple[Image.Image, ImageDraw.ImageDraw]:
    img = Image.new("RGB", (W * SS, H * SS), "white")
    return img, ImageDraw.Draw(img)


def s(v: float) -> int:
    """Scale a coordinate given in output px to the supersampled canvas."""
    return int(round(v * SS))


def box(x0, y0, x1, y1):
    return [s(x0), s(y0), s(x1), s(y1)]


def pts(seq):
    return [(s(x), s(y)) for x, y in seq]


def mix(c0, c1, t):
    return tuple(int(round(a + (b - a) * t)) for a, b in zip(c0, c1))


def vgradient(d: ImageDraw.ImageDraw, x0, y0, x1, y1, top, bottom):
    """Vertical gradient filling [x0,x1) x [y0,y1) (output px)."""
    Y0, Y1 = s(y0), s(y1)
    for y in range(Y0, Y1):
        t = (y - Y0) / max(1, Y1 - Y0 - 1)
        d.line([(s(x0), y), (s(x1) - 1, y)], fill=mix(top, bottom, t))


def shade(c, f):
    """Darken (f < 1) or lighten (f > 1) a colour."""
    if f <= 1:
        return tuple(int(v * f) for v in c)
    return tuple(int(v + (255 - v) * (f - 1)) for v in c)


def finish(img: Image.Image, soften: float = 0.0) -> Image.Image:
    out = img.resize((W, H), Image.LANCZOS)
    if soften:
        out = out.filter(ImageFilter.GaussianBlur(soften))
    return out


def tree(d, x, ground, h, rng, greens):
    """A round deciduous tree: trunk plus a cluster of overlapping discs."""
    tw = h * 0.07
    d.rectangle(box(x - tw / 2, ground - h * 0.45, x + tw / 2, ground), fill=(96, 70, 48))
    cy = ground - h * 0.68
    r = h * 0.30
    for _ in range(9):
        dx = rng.uniform(-r * 0.75, r * 0.75)
        dy = rng.uniform(-r * 0.55, r * 0.45)
        rr = r * rng.uniform(0.45, 0.7)
        col = rng.choice(greens)
        d.ellipse(box(x + dx - rr, cy + dy - rr, x + dx + rr, cy + dy + rr), fill=col)
    # a light highlight on the upper left
    hr = r * 0.35
    d.ellipse(box(x - r * 0.45 - hr, cy - r * 0.35 - hr, x - r * 0.45 + hr, cy - r * 0.35 + hr),
              fill=shade(greens[0], 1.25))


def conifer(d, x, ground, h, col):
    d.rectangle(box(x - h * 0.04, ground - h * 0.2, x + h * 0.04, ground), fill=(90, 66, 46))
    for i in range(3):
        top = ground - h + i * h * 0.22
        half = h * (0.18 + i * 0.07)
        base = top + h * 0.45
        d.polygon(pts([(x, top), (x - half, base), (x + half, base)]), fill=shade(col, 1 - i * 0.08))


def person_seated(d, x, y_table, scale, shirt, hair=(40, 34, 30), skin=(236, 196, 164), facing="front"):
    """Head and shoulders of a seated person behind a table edge at y_table."""
    body_w = 62 * scale
    body_h = 70 * scale
    head_r = 19 * scale
    d.rounded_rectangle(box(x - body_w / 2, y_table - body_h, x + body_w / 2, y_table + 6 * scale),
                        radius=s(18 * scale), fill=shirt)
    # collar
    d.polygon(pts([(x - 10 * scale, y_table - body_h + 2), (x + 10 * scale, y_table - body_h + 2),
                   (x, y_table - body_h + 18 * scale)]), fill=(245, 245, 245))
    hy = y_table - body_h - head_r * 0.85
    d.ellipse(box(x - head_r, hy - head_r, x + head_r, hy + head_r), fill=skin)
    if facing == "front":
        d.chord(box(x - head_r * 1.02, hy - head_r * 1.1, x + head_r * 1.02, hy + head_r * 0.5),
                180, 360, fill=hair)
    else:  # seen from behind: hair covers the head
        d.ellipse(box(x - head_r, hy - head_r, x + head_r, hy + head_r), fill=hair)


# ---------------------------------------------------------------- scenes
def factory() -> Image.Image:
    rng = random.Random(4601)
    img, d = canvas()
    horizon = 760
    # sky: deep blue to warm haze
    vgradient(d, 0, 0, W, horizon, (74, 132, 196), (236, 214, 186))
    # sun
    for r, a in ((120, 0.15), (80, 0.35), (52, 1.0)):
        c = mix((236, 214, 186), (255, 244, 214), a)
        d.ellipse(box(1380 - r, 300 - r, 1380 + r, 300 + r), fill=c)
    # soft clouds
    for cx, cy, k in ((300, 180, 1.0), (820, 120, 0.8), (1600, 420, 0.6)):
        for i in range(6):
            rx = rng.uniform(50, 110) * k
            d.ellipse(box(cx + i * 60 * k - rx, cy - rx * 0.45 + rng.uniform(-12, 12),
                          cx + i * 60 * k + rx, cy + rx * 0.45), fill=(246, 242, 236))
    # far hills
    hill = [(0, horizon - 90)]
    for x in range(0, W + 60, 60):
        hill.append((x, horizon - 110 + 40 * math.sin(x / 170.0) + rng.uniform(-10, 10)))
    hill += [(W, horizon), (0, horizon)]
    d.polygon(pts(hill), fill=(150, 172, 178))
    # distant city blocks
    x = 0
    while x < W:
        w = rng.uniform(40, 90)
        h = rng.uniform(60, 180)
        d.rectangle(box(x, horizon - h, x + w, horizon), fill=(170, 184, 194))
        x += w + rng.uniform(4, 20)
    # ground
    vgradient(d, 0, horizon, W, H, (128, 140, 120), (88, 98, 84))
    # 5G tower on the left
    tx, ttop = 250, 300
    for side in (-1, 1):
        d.line(pts([(tx + side * 40, horizon), (tx + side * 6, ttop)]), fill=(70, 76, 88), width=s(6))
    for i in range(12):
        y0 = horizon - i * (horizon - ttop) / 12
        y1 = horizon - (i + 1) * (horizon - ttop) / 12
        w0 = 40 - 34 * i / 12
        w1 = 40 - 34 * (i + 1) / 12
        d.line(pts([(tx - w0, y0), (tx + w1, y1)]), fill=(90, 96, 108), width=s(3))
        d.line(pts([(tx + w0, y0), (tx - w1, y1)]), fill=(90, 96, 108), width=s(3))
    for dx in (-22, 22):
        d.rectangle(box(tx + dx - 7, ttop + 10, tx + dx + 7, ttop + 70), fill=(230, 232, 236))
    d.rectangle(box(tx - 3, ttop - 40, tx + 3, ttop), fill=(70, 76, 88))
    # factory halls with saw-tooth roofs
    base = 900
    halls = [(380, 880, 620, (196, 204, 212)), (900, 1330, 650, (176, 190, 204)),
             (1340, 1760, 600, (206, 200, 190))]
    for x0, x1, top, col in halls:
        d.rectangle(box(x0, top, x1, base), fill=col)
        n = int((x1 - x0) / 70)
        step = (x1 - x0) / n
        for i in range(n):
            a = x0 + i * step
            d.polygon(pts([(a, top), (a + step, top), (a + step, top - 50)]), fill=shade(col, 0.86))
            d.polygon(pts([(a + step - 6, top - 46), (a + step, top - 50), (a + step, top - 4),
                           (a + step - 6, top)]), fill=(150, 190, 220))
        # windows
        for row in range(3):
            y = top + 40 + row * 70
            for wx in range(int(x0 + 30), int(x1 - 60), 90):
                d.rectangle(box(wx, y, wx + 56, y + 36), fill=(120, 160, 196))
                d.line(pts([(wx, y + 18), (wx + 56, y + 18)]), fill=(230, 236, 240), width=s(2))
        # roller door
        dx0 = (x0 + x1) / 2 - 60
        d.rectangle(box(dx0, base - 150, dx0 + 120, base), fill=shade(col, 0.7))
        for yy in range(int(base - 150), int(base), 12):
            d.line(pts([(dx0, yy), (dx0 + 120, yy)]), fill=shade(col, 0.6), width=s(1))
        # stripe
        d.rectangle(box(x0, top + 8, x1, top + 20), fill=(40, 98, 170))
    # chimneys and steam
    for cx, ctop in ((1040, 360), (1120, 420)):
        d.rectangle(box(cx - 20, ctop, cx + 20, 650), fill=(186, 180, 176))
        for k in range(3):
            d.rectangle(box(cx - 20, ctop + 30 + k * 80, cx + 20, ctop + 46 + k * 80), fill=(190, 60, 50))
        for i in range(8):
            r = 26 + i * 10
            d.ellipse(box(cx - r + i * 34, ctop - 30 - i * 34 - r * 0.6,
                          cx + r + i * 34, ctop - 30 - i * 34 + r * 0.6), fill=(244, 242, 240))
    # road and lane marks
    d.polygon(pts([(0, 1000), (W, 960), (W, 1090), (0, 1140)]), fill=(70, 74, 80))
    for x in range(0, W, 160):
        y = 1070 - x * 40 / W
        d.polygon(pts([(x, y), (x + 90, y - 2), (x + 90, y + 6), (x, y + 8)]), fill=(236, 236, 230))
    # roadside trees
    greens = [(70, 120, 70), (88, 140, 80), (60, 104, 62)]
    for x in range(40, W, 150):
        tree(d, x + rng.uniform(-20, 20), 985 - x * 40 / W, rng.uniform(120, 160), rng, greens)
    return finish(img, 0.4)


def meeting() -> Image.Image:
    rng = random.Random(4602)
    img, d = canvas()
    # back wall and floor
    vgradient(d, 0, 0, W, 640, (232, 226, 214), (216, 208, 194))
    vgradient(d, 0, 640, W, H, (150, 110, 82), (118, 84, 62))
    # ceiling lights
    d.rectangle(box(0, 0, W, 40), fill=(242, 240, 236))
    for x in range(150, W, 300):
        d.rounded_rectangle(box(x, 10, x + 180, 30), radius=s(8), fill=(255, 252, 236))
    # red backdrop banner and stage screen
    d.rectangle(box(360, 90, 1440, 470), fill=(176, 30, 36))
    d.rectangle(box(380, 110, 1420, 450), fill=(196, 38, 42))
    d.rectangle(box(380, 140, 1420, 150), fill=(232, 196, 96))
    d.rectangle(box(380, 410, 1420, 420), fill=(232, 196, 96))
    # banner "text" as golden bars (no real glyphs)
    for i in range(14):
        x = 470 + i * 62
        d.rounded_rectangle(box(x, 250, x + 46, 300), radius=s(4), fill=(244, 214, 120))
    for i in range(9):
        x = 620 + i * 62
        d.rounded_rectangle(box(x, 330, x + 38, 364), radius=s(3), fill=(240, 206, 112))
    # windows with blinds left/right
    for x0 in (40, 1500):
        d.rectangle(box(x0, 90, x0 + 260, 560), fill=(200, 222, 236))
        for y in range(100, 550, 18):
            d.line(pts([(x0 + 6, y), (x0 + 254, y)]), fill=(236, 240, 244), width=s(6))
        d.rectangle(box(x0, 90, x0 + 260, 560), outline=(150, 140, 128), width=s(8))
    # potted plants
    for x in (330, 1470):
        d.polygon(pts([(x - 34, 640), (x + 34, 640), (x + 24, 700), (x - 24, 700)]), fill=(120, 90, 70))
        for k in range(7):
            a = -math.pi / 2 + (k - 3) * 0.35
            d.ellipse(box(x + math.cos(a) * 50 - 26, 600 + math.sin(a) * 70 - 14,
                          x + math.cos(a) * 50 + 26, 600 + math.sin(a) * 70 + 14), fill=(70, 128, 74))
    # rostrum (head table) with seated officials
    shirts_dark = [(36, 44, 62), (44, 50, 58), (30, 36, 52), (52, 56, 66)]
    head_y = 600
    for i, x in enumerate(range(560, 1260, 140)):
        person_seated(d, x, head_y, 0.9, rng.choice(shirts_dark))
    d.rectangle(box(480, head_y, 1320, head_y + 70), fill=(250, 250, 246))
    d.rectangle(box(480, head_y + 60, 1320, head_y + 74), fill=(176, 30, 36))
    for x in range(560, 1260, 140):
        d.rectangle(box(x - 30, head_y - 30, x + 30, head_y - 4), fill=(252, 252, 250))   # name card
        d.rectangle(box(x - 22, head_y - 22, x + 22, head_y - 12), fill=(176, 30, 36))
        d.rectangle(box(x + 40, head_y - 26, x + 52, head_y), fill=(210, 232, 240))       # cup
        d.line(pts([(x - 50, head_y - 4), (x - 40, head_y - 44)]), fill=(30, 30, 30), width=s(3))  # mic
        d.ellipse(box(x - 46, head_y - 52, x - 34, head_y - 40), fill=(30, 30, 30))
    # audience rows seen from behind, in perspective
    rows = [(760, 0.95), (880, 1.1), (1020, 1.28), (1180, 1.5)]
    shirts = [(44, 52, 70), (240, 240, 236), (60, 68, 86), (88, 96, 110), (34, 40, 56), (220, 224, 228)]
    hair = [(30, 26, 24), (48, 40, 34), (70, 66, 64), (24, 22, 22)]
    for y, k in rows:
        # long table
        d.polygon(pts([(60 / k, y - 14 * k), (W - 60 / k, y - 14 * k), (W - 20, y + 20 * k), (20, y + 20 * k)]),
                  fill=(236, 232, 224))
        d.rectangle(box(20, y + 20 * k, W - 20, y + 34 * k), fill=(196, 186, 170))
        n = int(W / (130 * k))
        for j in range(n):
            x = 90 * k + j * (W - 180 * k) / max(1, n - 1)
            if rng.random() < 0.12:
                continue  # an empty seat
            person_seated(d, x + rng.uniform(-8, 8), y + 60 * k, k, rng.choice(shirts),
                          hair=rng.choice(hair), facing="back")
            # chair back
            d.rounded_rectangle(box(x - 36 * k, y + 50 * k, x + 36 * k, y + 110 * k),
                                radius=s(10 * k), fill=(60, 60, 66))
    return finish(img, 0.5)


def robot() -> Image.Image:
    rng = random.Random(4603)
    img, d = canvas()
    # hall interior: wall, roof trusses, floor
    vgradient(d, 0, 0, W, 700, (196, 206, 214), (172, 182, 190))
    vgradient(d, 0, 700, W, H, (128, 136, 142), (96, 102, 108))
    for x in range(0, W, 120):
        d.line(pts([(x, 0), (x + 60, 120)]), fill=(150, 160, 170), width=s(4))
        d.line(pts([(x + 120, 0), (x + 60, 120)]), fill=(150, 160, 170), width=s(4))
    d.rectangle(box(0, 118, W, 130), fill=(140, 150, 160))
    for x in range(150, W, 330):
        d.polygon(pts([(x, 130), (x + 120, 130), (x + 100, 160), (x + 20, 160)]), fill=(70, 76, 84))
        d.ellipse(box(x + 20, 150, x + 100, 176), fill=(255, 250, 220))
    # high windows
    for x in range(60, W, 240):
        d.rectangle(box(x, 190, x + 180, 320), fill=(214, 232, 244))
        d.line(pts([(x + 90, 190), (x + 90, 320)]), fill=(170, 180, 190), width=s(4))
    # floor lane markings (yellow)
    d.polygon(pts([(0, 1010), (W, 960), (W, 976), (0, 1028)]), fill=(232, 196, 40))
    # second robot cell in the background
    d.rectangle(box(80, 520, 520, 720), fill=(150, 158, 166))
    for x in range(80, 520, 40):
        d.line(pts([(x, 520), (x, 720)]), fill=(120, 126, 134), width=s(2))
    d.rectangle(box(250, 470, 330, 520), fill=(230, 120, 30))
    d.line(pts([(290, 470), (340, 400), (420, 440)]), fill=(230, 120, 30), width=s(22))
    # conveyor
    cy = 820
    d.polygon(pts([(0, cy), (W, cy - 40), (W, cy + 30), (0, cy + 70)]), fill=(60, 64, 70))
    d.polygon(pts([(0, cy + 70), (W, cy + 30), (W, cy + 50), (0, cy + 92)]), fill=(40, 42, 48))
    for x in range(0, W, 60):
        y = cy + 70 - x * 40 / W
        d.line(pts([(x, y - 68), (x, y)]), fill=(80, 84, 92), width=s(2))
    for x in range(60, W, 220):
        y = cy + 90 - x * 40 / W
        d.rectangle(box(x, y, x + 16, y + 110), fill=(80, 86, 94))
    # work pieces (sub-frames) on the conveyor
    for x in (180, 560, 1350, 1650):
        y = cy - x * 40 / W
        d.polygon(pts([(x, y + 10), (x + 180, y + 4), (x + 160, y - 40), (x + 20, y - 36)]), fill=(120, 128, 136))
        d.polygon(pts([(x + 20, y - 36), (x + 160, y - 40), (x + 150, y - 54), (x + 30, y - 50)]), fill=(160, 168, 176))
    # robot base
    bx, by = 980, 800
    d.ellipse(box(bx - 150, by - 30, bx + 150, by + 40), fill=(50, 52, 58))
    d.rectangle(box(bx - 110, by - 120, bx + 110, by), fill=(222, 110, 24))
    d.ellipse(box(bx - 110, by - 150, bx + 110, by - 90), fill=(240, 130, 36))
    # arm segments
    orange, dark = (240, 128, 30), (200, 96, 18)
    shoulder = (bx, by - 170)
    elbow = (bx - 230, by - 520)
    wrist = (bx + 150, by - 560)
    tip = (bx + 230, by - 380)
    d.line(pts([shoulder, elbow]), fill=dark, width=s(92))
    d.line(pts([shoulder, elbow]), fill=orange, width=s(76))
    d.line(pts([elbow, wrist]), fill=dark, width=s(70))
    d.line(pts([elbow, wrist]), fill=orange, width=s(56))
    d.line(pts([wrist, tip]), fill=(70, 74, 82), width=s(34))
    for (jx, jy), r in ((shoulder, 78), (elbow, 62), (wrist, 46)):
        d.ellipse(box(jx - r, jy - r, jx + r, jy + r), fill=dark)
        d.ellipse(box(jx - r * 0.62, jy - r * 0.62, jx + r * 0.62, jy + r * 0.62), fill=(60, 62, 68))
        d.ellipse(box(jx - r * 0.25, jy - r * 0.25, jx + r * 0.25, jy + r * 0.25), fill=(190, 194, 200))
    # cable
    d.line(pts([(bx + 90, by - 130), (bx - 120, by - 340), (elbow[0] + 40, elbow[1] + 30)]),
           fill=(30, 30, 34), width=s(10))
    # welding torch and work piece under it
    ty = tip[1] + 80
    d.polygon(pts([(tip[0] - 14, tip[1]), (tip[0] + 14, tip[1]), (tip[0] + 6, ty), (tip[0] - 6, ty)]),
              fill=(50, 52, 56))
    # welding fixture: a table on legs standing right of the robot, work piece on top
    wx, wy = tip[0] + 60, ty + 30
    for lx in (wx - 130, wx + 170):
        d.rectangle(box(lx, wy + 40, lx + 24, by + 20), fill=(60, 64, 70))
    d.rectangle(box(wx - 160, wy + 40, wx + 220, wy + 70), fill=(70, 74, 80))
    d.rectangle(box(wx - 160, wy + 70, wx + 220, wy + 78), fill=(232, 196, 40))
    d.polygon(pts([(wx - 140, wy + 40), (wx + 200, wy + 40), (wx + 170, wy - 10), (wx - 110, wy - 10)]),
              fill=(124, 132, 140))
    d.polygon(pts([(wx - 110, wy - 10), (wx + 170, wy - 10), (wx + 160, wy - 24), (wx - 100, wy - 24)]),
              fill=(164, 172, 180))
    # sparks
    sx, sy = tip[0], ty + 6
    for r, c in ((70, (255, 190, 90)), (40, (255, 226, 150)), (18, (255, 255, 240))):
        d.ellipse(box(sx - r, sy - r, sx + r, sy + r), fill=c)
    for _ in range(70):
        a = rng.uniform(-math.pi, 0.25 * math.pi)
        L = rng.uniform(40, 190)
        r0 = rng.uniform(10, 30)
        d.line(pts([(sx + math.cos(a) * r0, sy + math.sin(a) * r0 * 0.7),
                    (sx + math.cos(a) * L, sy + math.sin(a) * L * 0.7 + L * 0.25)]),
               fill=rng.choice([(255, 214, 110), (255, 240, 180), (255, 170, 60)]), width=s(2))
    # safety fence with yellow posts in the foreground
    fy = 1060
    for x in range(0, W + 1, 200):
        d.rectangle(box(x - 10, fy - 260, x + 10, fy + 40), fill=(232, 196, 40))
    for y in range(int(fy - 250), int(fy + 20), 26):
        d.line(pts([(0, y), (W, y)]), fill=(70, 74, 80), width=s(2))
    for x in range(0, W, 26):
        d.line(pts([(x, fy - 250), (x, fy + 20)]), fill=(70, 74, 80), width=s(2))
    # black/yellow hazard strip on the floor
    d.rectangle(box(0, fy + 40, W, fy + 80), fill=(232, 196, 40))
    for x in range(-80, W, 80):
        d.polygon(pts([(x, fy + 80), (x + 40, fy + 80), (x + 80, fy + 40), (x + 40, fy + 40)]),
                  fill=(30, 30, 30))
    return finish(img, 0.5)


def park() -> Image.Image:
    rng = random.Random(4604)
    img, d = canvas()
    horizon = 700
    vgradient(d, 0, 0, W, horizon, (120, 176, 226), (214, 232, 244))
    for cx, cy in ((260, 150), (1180, 110), (1560, 260)):
        for i in range(5):
            rx = rng.uniform(60, 100)
            d.ellipse(box(cx + i * 55 - rx, cy - rx * 0.42, cx + i * 55 + rx, cy + rx * 0.42),
                      fill=(250, 252, 252))
    # office building (glass curtain wall) with a lower podium
    bx0, bx1, btop = 760, 1340, 210
    d.rectangle(box(bx0, btop, bx1, horizon), fill=(120, 158, 190))
    for i, x in enumerate(range(bx0, bx1, 58)):
        d.rectangle(box(x, btop, x + 54, horizon), fill=mix((136, 176, 208), (96, 132, 166), (i % 5) / 5))
    for y in range(btop + 30, horizon, 46):
        d.line(pts([(bx0, y), (bx1, y)]), fill=(230, 236, 242), width=s(4))
    d.rectangle(box(bx0 - 12, btop - 18, bx1 + 12, btop), fill=(230, 232, 234))
    d.rectangle(box(bx1 - 10, btop, bx1 + 60, horizon), fill=(84, 112, 140))      # side face
    d.rectangle(box(520, 520, 1560, horizon), fill=(236, 232, 224))              # podium
    for x in range(540, 1540, 70):
        d.rectangle(box(x, 556, x + 52, 640), fill=(150, 186, 210))
    d.rectangle(box(980, 600, 1120, horizon), fill=(90, 110, 130))                 # entrance
    d.rectangle(box(960, 582, 1140, 600), fill=(196, 60, 50))                     # canopy
    # second, smaller building on the right
    d.rectangle(box(1600, 400, 1800, horizon), fill=(220, 214, 204))
    for y in range(430, horizon - 30, 50):
        for x in range(1620, 1790, 50):
            d.rectangle(box(x, y, x + 30, y + 28), fill=(160, 190, 210))
    # lawn
    vgradient(d, 0, horizon, W, H, (130, 186, 96), (92, 150, 70))
    # winding path
    path = []
    for i in range(0, 41):
        t = i / 40
        y = horizon + t * (H - horizon)
        cx = 1050 + 260 * math.sin(t * 2.6) - 300 * t
        w = 20 + 150 * t
        path.append((cx, y, w))
    left = [(cx - w, y) for cx, y, w in path]
    right = [(cx + w, y) for cx, y, w in reversed(path)]
    d.polygon(pts(left + right), fill=(222, 206, 178))
    d.line(pts(left), fill=(196, 180, 152), width=s(4))
    d.line(pts(list(reversed(right))), fill=(196, 180, 152), width=s(4))
    # pond on the left
    d.ellipse(box(-120, 820, 620, 1060), fill=(96, 150, 190))
    d.ellipse(box(-60, 850, 560, 1030), fill=(120, 176, 212))
    for x in range(40, 520, 90):
        d.line(pts([(x, 930), (x + 50, 930)]), fill=(200, 226, 240), width=s(3))
    # hedges along the podium
    for x in range(500, 1600, 46):
        d.ellipse(box(x, horizon - 30, x + 60, horizon + 16), fill=(64, 120, 64))
    # trees: a row far, a few big ones near
    greens = [(76, 140, 72), (92, 160, 84), (60, 118, 60), (104, 170, 90)]
    for x in range(20, W, 110):
        if 740 < x < 1360:
            continue
        tree(d, x + rng.uniform(-20, 20), horizon + 10, rng.uniform(170, 230), rng, greens)
    for x in (560, 1480):
        conifer(d, x, horizon + 40, 210, (50, 110, 66))
    for x, g, h in ((140, 1120, 460), (1660, 1150, 520), (700, 930, 300), (1420, 960, 320)):
        tree(d, x, g, h, rng, greens)
    # benches and lamp posts
    for x, y in ((620, 1000), (1300, 1030)):
        d.rectangle(box(x, y, x + 130, y + 14), fill=(150, 100, 60))
        d.rectangle(box(x, y - 30, x + 130, y - 18), fill=(150, 100, 60))
        for lx in (x + 10, x + 110):
            d.rectangle(box(lx, y + 14, lx + 8, y + 44), fill=(60, 60, 60))
    for x, y in ((900, 900), (1210, 980)):
        d.rectangle(box(x, y - 190, x + 8, y), fill=(60, 64, 70))
        d.ellipse(box(x - 14, y - 214, x + 22, y - 184), fill=(250, 244, 214))
    # two walkers as simple figures
    for x, y, c in ((1020, 900, (200, 60, 60)), (1070, 910, (60, 90, 160))):
        d.ellipse(box(x - 9, y - 86, x + 9, y - 68), fill=(236, 196, 164))
        d.rounded_rectangle(box(x - 12, y - 68, x + 12, y - 28), radius=s(6), fill=c)
        d.line(pts([(x - 5, y - 30), (x - 10, y)]), fill=(50, 50, 60), width=s(6))
        d.line(pts([(x + 5, y - 30), (x + 10, y)]), fill=(50, 50, 60), width=s(6))
    return finish(img, 0.4)


def park_winter() -> Image.Image:
    """The park on a winter morning (page 4's 冬日园区): the park scene, frosted and paler, mirrored."""
    from PIL import ImageEnhance, ImageOps
    img = ImageOps.mirror(park())
    img = ImageEnhance.Color(img).enhance(0.35)
    img = Image.blend(img, Image.new("RGB", img.size, (236, 240, 246)), 0.28)
    return img


SCENES = [
    ("photo-factory.jpg", factory),
    ("photo-meeting.jpg", meeting),
    ("photo-robot.jpg", robot),
    ("photo-park.png", park),
    ("photo-winter.jpg", park_winter),
]


def main(argv: list[str]) -> int:
    here = Path(__file__).resolve().parent.parent
    outdir = Path(argv[1]) if len(argv) > 1 else here / "issues" / "2026-046"
    outdir.mkdir(parents=True, exist_ok=True)
    for name, fn in SCENES:
        img = fn().convert("RGB")
        path = outdir / name
        if name.endswith(".jpg"):
            img.save(path, "JPEG", quality=JPEG_QUALITY, optimize=True, dpi=(300, 300))
        else:
            img.save(path, "PNG", optimize=True, dpi=(300, 300))
        print(f"{path}  {img.size[0]}x{img.size[1]}  {path.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
