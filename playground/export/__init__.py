"""Taking a run out of the playground: code, weights, data and history as files.

`pytorch_script` and `keras_script` write self-contained scripts that rebuild the trained
network in PyTorch or Keras 3 — same layers, activations, batch norm, dropout, input features,
loss, optimizer, schedule and weight penalty — load its weights from the playground's
`model.npz` (or `weights.npz`), reproduce its predictions and train it further. `weights_npz`
gives the weights as named per-layer arrays; `points_csv` and `history_csv` give the data and the
loss history as CSV tables. `EXPORT_FILES` lists every download for the page, and `export_zip`
packs them all into one archive. Nothing here imports streamlit.
"""

from playground.export.bundle import EXPORT_FILES, ZIP_NAME, ExportFile, export_zip
from playground.export.keras import keras_script
from playground.export.pytorch import pytorch_script
from playground.export.tables import (
    PointsTable,
    history_columns,
    history_csv,
    points_csv,
    read_points_csv,
)
from playground.export.weights import named_weights, weights_npz

__all__ = [
    "EXPORT_FILES",
    "ZIP_NAME",
    "ExportFile",
    "PointsTable",
    "export_zip",
    "history_columns",
    "history_csv",
    "keras_script",
    "named_weights",
    "points_csv",
    "pytorch_script",
    "read_points_csv",
    "weights_npz",
]
