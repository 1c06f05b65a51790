"""Figures of a network learning the handwritten digits: weight images, mistakes, counts, curves.

The weights of every first-layer neuron are 64 numbers, one per pixel, so each neuron can be drawn
as an 8 × 8 image of what it looks for: blue where ink raises the neuron's output, orange where ink
lowers it, grey where the pixel does not matter (each image scaled by its own largest weight, so
faint and strong neurons both show their pattern). The misclassified test images are drawn in grey
with "true → predicted" under each, and the confusion matrix is a table shaded by the share of each
true digit. These three redraw twice a second while the network trains, so they are plain HTML
with tiny PNG images inlined as data URIs — cheap for the browser, and nothing for Streamlit's
media store to keep (`st.image` in a live loop grows the server's memory). The learning curves are
a Vega-Lite chart: loss above accuracy, training in blue and test in orange. Nothing here
imports Streamlit; the page passes the HTML to `st.html`.
"""

from __future__ import annotations

import html
from typing import Any

import numpy as np

from playground.analysis.metrics import ClassificationMetrics
from playground.core.history import History
from playground.data.digits import Mistakes, first_layer_images
from playground.live.frame import downsample_indices
from playground.settings import format_metric
from playground.viz.colors import BLUE, diverging_rgb
from playground.viz.insight_style import (
    BLUE_HEX,
    GREY_HEX,
    MUTED,
    ORANGE_HEX,
)
from playground.viz.png import png_bytes, png_data_url

Array = np.ndarray
MAX_MISTAKES = 24
INK = np.array([32, 33, 36], dtype=np.float64)  # #202124, a pixel full of ink
TITLE_STYLE = "font-weight:600;font-size:15px;margin:0 0 8px 0;color:#31333f"
TILE_STYLE = (
    "width:100%;display:block;image-rendering:pixelated;image-rendering:crisp-edges;"
    "border:1px solid #dadce0;border-radius:2px"
)


# --- tiny PNG images --------------------------------------------------------------------------
def data_uri(rgb: Array) -> str:
    return png_data_url(png_bytes(rgb))


def ink_rgb(image: Array) -> Array:
    """A digit image (8, 8) with values in [0, 1] as RGB: white paper, dark grey ink."""
    share = np.clip(np.asarray(image, dtype=np.float64), 0.0, 1.0)[..., None]
    return np.round(255.0 + (INK - 255.0) * share).astype(np.uint8)


def weight_rgb(weights: Array) -> Array:
    """One neuron's weights (8, 8) as RGB, scaled by its largest |weight|: orange − … blue +."""
    weights = np.asarray(weights, dtype=np.float64)
    scale = float(np.max(np.abs(weights))) or 1.0
    return diverging_rgb((weights / scale).reshape(-1)).reshape(*weights.shape, 3)


def _tile(uri: str, caption: str, alt: str) -> str:
    return (
        '<figure style="margin:0;text-align:center">'
        f'<img src="{uri}" alt="{html.escape(alt)}" title="{html.escape(alt)}" '
        f'style="{TILE_STYLE}">'
        f'<figcaption style="font-size:12px;color:{MUTED};margin-top:2px">{caption}</figcaption>'
        "</figure>"
    )


def _grid(tiles: list[str], n_cols: int, tile_width: int) -> str:
    return (
        f'<div style="display:grid;grid-template-columns:repeat({n_cols},minmax(0,1fr));gap:8px;'
        f'max-width:{n_cols * (tile_width + 8)}px">' + "".join(tiles) + "</div>"
    )


# --- first-layer weights ----------------------------------------------------------------------
def weights_html(first_layer_weights: Array, output_layer: bool = False) -> str:
    """Every first-layer neuron's 64 weights as an 8 × 8 image; W is (64, units).

    `output_layer` says the first layer is the output (a network without hidden layers): its
    ten neurons are then the ten digits' templates.
    """
    images = first_layer_images(first_layer_weights)
    tiles = []
    for unit, image in enumerate(images):
        name = f"digit {unit}" if output_layer else f"neuron {unit + 1}"
        largest = float(np.max(np.abs(image)))
        alt = f"{name}: weights from −{largest:.2f} (orange) to +{largest:.2f} (blue)"
        tiles.append(_tile(data_uri(weight_rgb(image)), name, alt))
    what = "Output neurons, one per digit" if output_layer else "First-layer neurons"
    return (
        f'<div role="figure" aria-label="{what}: weights as images">'
        f'<p style="{TITLE_STYLE}">{what}: the 64 weights of each as an 8 × 8 image</p>'
        + _grid(tiles, *_weight_columns(len(images), output_layer))
        + _weight_legend()
        + "</div>"
    )


def _weight_columns(units: int, output_layer: bool) -> tuple[int, int]:
    """(columns, tile width in px): 4 × 4 for 16 neurons, 8 across for more, 5 for the digits."""
    if output_layer:
        return 5, 76
    if units <= 16:
        return max(1, min(4, units)), 80
    return 8, 56


def _weight_legend() -> str:
    bar = f"linear-gradient(to right,{ORANGE_HEX},{GREY_HEX},{BLUE_HEX})"
    return (
        f'<div style="display:flex;align-items:center;gap:8px;margin-top:10px;font-size:12px;'
        f'color:{MUTED}"><span>ink here lowers the output</span>'
        f'<span style="flex:0 0 140px;height:10px;border-radius:2px;background:{bar}"></span>'
        "<span>ink here raises it</span></div>"
    )


# --- misclassified images ---------------------------------------------------------------------
def mistakes_html(mistakes: Mistakes, n_test: int, limit: int = MAX_MISTAKES) -> str:
    """Up to `limit` misclassified test images, each captioned "true → predicted"."""
    n_wrong = len(mistakes.images)
    shown = min(n_wrong, limit)
    title = f"Misclassified test images: {n_wrong} of {n_test}"
    if n_wrong > shown:
        title += f" (the first {shown})"
    tiles = [
        _tile(
            data_uri(ink_rgb(mistakes.images[i])),
            f"{mistakes.true_labels[i]} → <b>{mistakes.predicted_labels[i]}</b>",
            f"a {mistakes.true_labels[i]} read as {mistakes.predicted_labels[i]}",
        )
        for i in range(shown)
    ]
    none = f'<p style="color:{MUTED}">No mistakes on the test set.</p>'
    body = _grid(tiles, 8, 56) if tiles else none
    return (
        f'<div role="figure" aria-label="{title}"><p style="{TITLE_STYLE}">{title}</p>{body}</div>'
    )


# --- the confusion matrix ---------------------------------------------------------------------
def confusion_html(metrics: ClassificationMetrics) -> str:
    """A table of true (rows) against predicted (columns) digits, shaded by row share.

    Empty cells are zero; the diagonal holds the right answers.
    """
    counts, shares = metrics.counts, metrics.normalized
    k = counts.shape[0]
    cell = "width:30px;height:26px;text-align:center;font-size:12px;padding:0;border:1px solid #fff"
    head = f"{cell};color:{MUTED};font-weight:400;background:#fff"
    rows = [
        f'<tr><th style="{head}"></th>'
        + "".join(f'<th scope="col" style="{head}">{j}</th>' for j in range(k))
        + "</tr>"
    ]
    for i in range(k):
        tds = []
        for j in range(k):
            share, count = float(shares[i, j]), int(counts[i, j])
            background = _blend(share)
            colour = "#ffffff" if share > 0.55 else "#31333f"
            weight = "600" if i == j else "400"
            text = str(count) if count or i == j else ""
            tip = f"true {i}, predicted {j}: {count} images ({100 * share:.0f} % of the {i}s)"
            tds.append(
                f'<td title="{tip}" style="{cell};background:{background};color:{colour};'
                f'font-weight:{weight}">{text}</td>'
            )
        rows.append(f'<tr><th scope="row" style="{head}">{i}</th>{"".join(tds)}</tr>')
    accuracy = format_metric(metrics.accuracy, "accuracy")
    title = f"Confusion matrix — accuracy {accuracy} on {metrics.n_points} test images"
    axis = f"font-size:12px;color:{MUTED}"
    return (
        f'<div role="figure" aria-label="{title}"><p style="{TITLE_STYLE}">{title}</p>'
        f'<div style="{axis};margin-left:34px">predicted digit →</div>'
        '<div style="display:flex;align-items:center;gap:4px">'
        f'<div style="{axis};writing-mode:vertical-rl;transform:rotate(180deg)">true digit →</div>'
        f'<table style="border-collapse:collapse;margin:0">{"".join(rows)}</table></div></div>'
    )


def _blend(share: float) -> str:
    """White to the playground's blue by `share` in [0, 1]."""
    rgb = np.round(255.0 + (np.array(BLUE, dtype=np.float64) - 255.0) * share).astype(int)
    return "#{:02x}{:02x}{:02x}".format(*rgb)


# --- learning curves --------------------------------------------------------------------------
def learning_curves_chart(history: History) -> tuple[dict[str, Any], dict[str, Any]]:
    """(data, Vega-Lite spec) of the loss and the accuracy per epoch, one above the other.

    Vega-Lite rather than Plotly: Streamlit keeps a Vega chart and swaps its data when only the
    data changes, while a Plotly chart is rebuilt (and blanks) on every update.
    """
    spec = {
        "title": {"text": "Learning curves", "anchor": "start", "fontSize": 15},
        "vconcat": [
            _curves_panel("loss", "loss (cross-entropy)", ".3~f"),
            _curves_panel("accuracy", "accuracy", ".0%"),
        ],
        "resolve": {"scale": {"y": "independent"}},
    }
    return _curves_data(history), spec


def _curves_data(history: History) -> dict[str, list[Any]]:
    """One row per epoch, quantity and split (the finite values, downsampled), as columns."""
    keep = downsample_indices(len(history))
    epochs = history.column("epoch")[keep] if len(history) else np.zeros(0)
    columns: dict[str, list[Any]] = {"epoch": [], "value": [], "split": [], "quantity": []}
    for quantity in ("loss", "accuracy"):
        for split, name in (("train", "training"), ("test", "test")):
            values = history.column(f"{split}_{quantity}")[keep] if len(history) else epochs
            finite = np.isfinite(values)
            columns["epoch"] += epochs[finite].astype(int).tolist()
            columns["value"] += values[finite].tolist()
            columns["split"] += [name] * int(finite.sum())
            columns["quantity"] += [quantity] * int(finite.sum())
    return columns


# Blue and orange, as the digits page's caption says (not the playground's TRAIN_HEX and
# TEST_HEX: this page has no live view to match).
CURVE_COLOURS = {"domain": ["training", "test"], "range": [BLUE_HEX, ORANGE_HEX]}


def _curves_panel(quantity: str, title: str, axis_format: str) -> dict[str, Any]:
    """The Vega-Lite panel of one quantity's training and test curves."""
    return {
        "title": {"text": title, "fontSize": 13, "anchor": "start"},
        "transform": [{"filter": {"field": "quantity", "equal": quantity}}],
        "mark": {"type": "line", "strokeWidth": 2},
        "encoding": {
            "x": {"field": "epoch", "type": "quantitative", "title": "epoch",
                  "axis": {"tickMinStep": 1}},
            "y": {"field": "value", "type": "quantitative", "title": None,
                  "axis": {"format": axis_format}, "scale": {"zero": False}},
            "color": {"field": "split", "type": "nominal", "scale": CURVE_COLOURS,
                      "legend": {"orient": "bottom", "title": None}},
            "tooltip": [
                {"field": "split", "title": "set"},
                {"field": "epoch"},
                {"field": "value", "title": quantity, "format": axis_format},
            ],
        },
        "width": "container",
        "height": 150,
    }  # fmt: skip
