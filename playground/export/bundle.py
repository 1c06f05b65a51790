"""Every export of a run as named files, and all of them together in one zip archive.

`EXPORT_FILES` lists what the page can offer for download — file name, button label, MIME type
and the function that makes the bytes from a trainer — so the page loops over it instead of
knowing each export. `export_zip` packs them all, with the playground's own model files
(`model.json`, `model.npz` from `playground.model_io`) and a README, into one archive whose
scripts run as they are: they find `model.npz` and `points.csv` next to themselves.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from playground.export.keras import SCRIPT_NAME as KERAS_SCRIPT
from playground.export.keras import keras_script
from playground.export.pytorch import SCRIPT_NAME as PYTORCH_SCRIPT
from playground.export.pytorch import pytorch_script
from playground.export.tables import history_csv, points_csv
from playground.export.weights import weights_npz
from playground.model_io import model_to_bytes
from playground.trainer import Trainer

ZIP_NAME = "playground_export.zip"
README = f"""Exported from the neural network playground.

model.json, model.npz  the model as the playground saves it (load it back in the playground)
weights.npz            the same weights as named arrays: W0, b0, [gamma0, beta0,
                       running_mean0, running_var0,] W1, ... (W is (inputs, units))
points.csv             the training and test points: x1, x2, label, split
history.csv            per epoch: epoch, step, losses, metrics, learning rate
{PYTORCH_SCRIPT:<22} the network in PyTorch: python {PYTORCH_SCRIPT} --help
{KERAS_SCRIPT:<22} the network in Keras 3:  python {KERAS_SCRIPT} --help

Both scripts load model.npz, print the loss on points.csv beside the playground's,
train further with --epochs N and predict your own points with --predict FILE.
"""


@dataclass(frozen=True)
class ExportFile:
    """One downloadable export: `make(trainer)` gives its bytes."""

    file_name: str
    label: str
    mime: str
    make: Callable[[Trainer], bytes]


def _text(make: Callable[[Trainer], str]) -> Callable[[Trainer], bytes]:
    return lambda trainer: make(trainer).encode("utf-8")


def export_zip(trainer: Trainer) -> bytes:
    """All exports of the trainer's current state in one zip archive (see README above)."""
    model_json, model_npz = model_to_bytes(trainer)
    files = {"README.txt": README.encode(), "model.json": model_json, "model.npz": model_npz}
    files.update(
        {item.file_name: item.make(trainer) for item in EXPORT_FILES if item.make is not export_zip}
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


EXPORT_FILES: tuple[ExportFile, ...] = (
    ExportFile(PYTORCH_SCRIPT, "PyTorch script", "text/x-python", _text(pytorch_script)),
    ExportFile(KERAS_SCRIPT, "Keras script", "text/x-python", _text(keras_script)),
    ExportFile("weights.npz", "Weights (named arrays)", "application/octet-stream", weights_npz),
    ExportFile("points.csv", "Data points (CSV)", "text/csv", _text(points_csv)),
    ExportFile("history.csv", "Loss history (CSV)", "text/csv", _text(history_csv)),
    ExportFile(ZIP_NAME, "Everything (zip)", "application/zip", export_zip),
)
