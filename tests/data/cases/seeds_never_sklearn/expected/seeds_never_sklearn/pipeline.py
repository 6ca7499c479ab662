"""The pipeline of input.ipynb, one function per notebook section; run() runs it all."""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
from sklearn.ensemble import RandomForestRegressor
from sklearn.model_selection import KFold, cross_val_score, train_test_split

from seeds_never_sklearn.config import Config

logger = logging.getLogger(__name__)


class PipelineError(Exception):
    """A step failed on its input; the message names the config field or the path."""


def set_seeds(config: Config) -> None:
    """Seed every random number generator the notebook used, once, before any step."""
    import numpy

    numpy.random.seed(config.seed)


def data() -> tuple[Any, ...]:
    """Data (notebook cell 4)."""
    # cell 4
    X = np.arange(60, dtype=float).reshape(30, 2)
    y = X[:, 0] * 3 - X[:, 1]
    return X, y


def split(config: Config, X, y) -> tuple[Any, ...]:
    """Split (notebook cell 6)."""
    # cell 6
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=config.test_size, random_state=config.seed + 1356
    )
    return X_train, X_test, y_train, y_test


def model_step(config: Config, X_train, y_train, X_test, y_test) -> Any:
    """Model (notebook cell 8)."""
    # cell 8
    model = RandomForestRegressor(
        n_estimators=config.n_estimators,
        max_depth=config.max_depth,
        random_state=config.seed + 9275,
    )
    model.fit(X_train, y_train)
    r2 = float(model.score(X_test, y_test))
    return r2


def cross_validation(config: Config, X, y) -> Any:
    """Cross-validation (notebook cell 10)."""
    # cell 10
    folds = KFold(n_splits=config.n_splits, shuffle=True, random_state=config.seed + 5228)
    scores = cross_val_score(
        RandomForestRegressor(n_estimators=config.n_estimators_2, random_state=config.seed + 7617),
        X,
        y,
        cv=folds,
    )
    mean_score = float(scores.mean())
    return mean_score


def run(config: Config | None = None) -> dict[str, Any]:
    """Run the notebook's steps in order and return its final results by name (relative
    input paths are read from config.data_dir, written files go below config.output_dir).
    """
    config = (config if config is not None else Config()).resolve_paths()
    set_seeds(config)
    X, y = data()
    X_train, X_test, y_train, y_test = split(config, X, y)
    r2 = model_step(config, X_train, y_train, X_test, y_test)
    mean_score = cross_validation(config, X, y)
    return {"r2": r2, "mean_score": mean_score}
