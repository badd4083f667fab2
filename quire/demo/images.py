"""Pictures for demo content, drawn locally with Pillow: landscapes for hubs and abstract
portraits for authors. Deterministic for a given random generator."""

import math
import random
from io import BytesIO

from PIL import Image, ImageDraw, ImageFilter

PALETTES = [
    # sky top, sky bottom, sun, hills (far to near)
    ((38, 70, 120), (244, 180, 120), (255, 226, 160), [(92, 84, 120), (60, 72, 96), (34, 46, 60)]),
    (
        (120, 180, 220),
        (220, 236, 240),
        (255, 250, 220),
        [(120, 160, 120), (70, 120, 80), (40, 80, 50)],
    ),
    ((60, 30, 80), (230, 120, 90), (255, 200, 120), [(120, 60, 80), (80, 40, 70), (40, 20, 50)]),
    (
        (170, 200, 210),
        (240, 230, 210),
        (250, 250, 240),
        [(150, 160, 150), (110, 130, 120), (70, 90, 80)],
    ),
    ((20, 40, 60), (90, 130, 150), (230, 240, 255), [(50, 80, 100), (30, 60, 80), (15, 35, 50)]),
    (
        (250, 200, 150),
        (255, 240, 210),
        (255, 255, 240),
        [(200, 140, 90), (160, 100, 60), (110, 70, 40)],
    ),
]


def _lerp(a: tuple, b: tuple, t: float) -> tuple:
    return tuple(int(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def landscape(rng: random.Random, width: int = 1600, height: int = 1000) -> bytes:
    """A layered-hills landscape at sunrise or dusk, as JPEG bytes."""
    sky_top, sky_bottom, sun, hills = rng.choice(PALETTES)
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for y in range(height):
        draw.line([(0, y), (width, y)], fill=_lerp(sky_top, sky_bottom, y / height))
    r = rng.randint(height // 12, height // 6)
    cx, cy = rng.randint(r, width - r), rng.randint(height // 5, height // 2)
    glow = Image.new("RGB", (width, height), sun)
    mask = Image.new("L", (width, height), 0)
    ImageDraw.Draw(mask).ellipse([cx - r * 2, cy - r * 2, cx + r * 2, cy + r * 2], fill=90)
    image = Image.composite(glow, image, mask.filter(ImageFilter.GaussianBlur(r)))
    draw = ImageDraw.Draw(image)
    draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=sun)
    for i, colour in enumerate(hills):
        base = height * (0.55 + 0.15 * i)
        amp = height * (0.12 - 0.03 * i)
        phase, freq = rng.random() * 6.28, rng.uniform(1.2, 3.2)
        points = [(0, height)]
        for x in range(0, width + 40, 40):
            y = base - amp * math.sin(phase + freq * x / width * 3.14) - rng.uniform(0, amp / 5)
            points.append((x, y))
        points.append((width, height))
        draw.polygon(points, fill=colour)
    out = BytesIO()
    image.save(out, "JPEG", quality=82, optimize=True)
    return out.getvalue()


def portrait(rng: random.Random, size: int = 256) -> bytes:
    """An abstract portrait: a head-and-shoulders silhouette on a coloured ground."""
    ground = (rng.randint(60, 200), rng.randint(60, 200), rng.randint(60, 200))
    figure = tuple(max(0, c - 70) for c in ground)
    image = Image.new("RGB", (size, size), ground)
    draw = ImageDraw.Draw(image)
    for i in range(6):
        shade = _lerp(ground, (255, 255, 255), 0.08 * i)
        inset = i * size // 14
        draw.ellipse(
            [inset - size, inset - size, size * 2 - inset, size * 2 - inset], outline=shade, width=3
        )
    head = size // 5
    cx = size // 2 + rng.randint(-size // 20, size // 20)
    draw.ellipse([cx - head, size * 0.22, cx + head, size * 0.22 + head * 2.3], fill=figure)
    draw.ellipse([cx - head * 2.3, size * 0.68, cx + head * 2.3, size * 1.35], fill=figure)
    out = BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()
