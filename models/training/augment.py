"""The photometric augmentation the OCR, detector and refiner samples share."""
import math

import cv2
import numpy as np


def photometric(im, rng, strength=1.0):
    """im uint8 (grey or BGR) -> uint8. Brightness/contrast/gamma, blur, noise, JPEG."""
    x = im.astype(np.float32)
    if rng.random() < 0.8 * strength:
        c = math.exp(rng.uniform(-0.5, 0.4) * strength)
        b = rng.uniform(-50, 50) * strength
        x = (x - 128.0) * c + 128.0 + b
    if x.ndim == 3 and rng.random() < 0.3 * strength:  # per-channel colour cast
        x = x * rng.uniform(0.85, 1.15, size=(1, 1, 3)).astype(np.float32)
    x = np.clip(x, 0, 255)
    if rng.random() < 0.3 * strength:
        g = math.exp(rng.uniform(-0.5, 0.5))
        x = 255.0 * (x / 255.0) ** g
    im = x.astype(np.uint8)
    r = rng.random()
    if r < 0.25 * strength:
        k = int(rng.choice([3, 5]))
        im = cv2.GaussianBlur(im, (k, k), rng.uniform(0.5, 1.5))
    elif r < 0.35 * strength:  # horizontal/vertical motion blur
        k = int(rng.integers(3, 8))
        ker = np.zeros((k, k), np.float32)
        if rng.random() < 0.7:
            ker[k // 2, :] = 1.0 / k
        else:
            ker[:, k // 2] = 1.0 / k
        im = cv2.filter2D(im, -1, ker)
    if rng.random() < 0.3 * strength:
        sigma = rng.uniform(2, 12)
        noise = rng.standard_normal(im.shape).astype(np.float32) * sigma
        im = np.clip(im.astype(np.float32) + noise, 0, 255).astype(np.uint8)
    if rng.random() < 0.4 * strength:
        im = jpeg(im, int(rng.integers(25, 90)))
    return im


def jpeg(im, quality):
    """im uint8 -> the same image after a JPEG round trip at that quality (unchanged if it cannot be encoded)."""
    ok, enc = cv2.imencode(".jpg", im, [cv2.IMWRITE_JPEG_QUALITY, quality])
    return cv2.imdecode(enc, cv2.IMREAD_UNCHANGED) if ok else im
