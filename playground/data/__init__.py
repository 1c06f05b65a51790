"""Data for the playground: toy 2-D datasets, input features, train/test splits and CSV uploads.

Everything here is pure NumPy (plus scikit-learn's ``make_moons``) and takes its randomness from
an explicit ``numpy.random.Generator`` or seed, so the same settings always give the same data.
``make_dataset`` is the usual entry point; ``load_csv`` reads a learner's own file, and
``make_csv_dataset`` splits it the same way.
"""

from playground.data.csv_loader import (
    MAX_CLASSES,
    MAX_ROWS,
    MIN_ROWS,
    CsvData,
    CsvError,
    CsvScale,
    load_csv,
)
from playground.data.dataset import (
    VIEW_BOUNDS,
    Dataset,
    make_csv_dataset,
    make_dataset,
    split_dataset,
    with_features,
)
from playground.data.features import (
    DEFAULT_FEATURES,
    FEATURE_LABELS,
    FEATURES,
    check_feature_names,
    make_features,
)
from playground.data.generators import (
    CLASSIFICATION_GENERATORS,
    DATASET_PROBLEM,
    DEFAULT_SAMPLES,
    MAX_NOISE,
    MULTICLASS_DATASETS,
    REGRESSION_GENERATORS,
    dataset_n_classes,
    generate,
)

__all__ = [
    "CLASSIFICATION_GENERATORS",
    "DATASET_PROBLEM",
    "DEFAULT_FEATURES",
    "DEFAULT_SAMPLES",
    "FEATURES",
    "FEATURE_LABELS",
    "MAX_CLASSES",
    "MAX_NOISE",
    "MAX_ROWS",
    "MIN_ROWS",
    "MULTICLASS_DATASETS",
    "REGRESSION_GENERATORS",
    "VIEW_BOUNDS",
    "CsvData",
    "CsvError",
    "CsvScale",
    "Dataset",
    "check_feature_names",
    "dataset_n_classes",
    "generate",
    "load_csv",
    "make_csv_dataset",
    "make_dataset",
    "make_features",
    "split_dataset",
    "with_features",
]
