"""The pipeline of iris_training.ipynb, one function per notebook section; run() runs it all."""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
from sklearn.datasets import load_iris
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import accuracy_score
from sklearn.model_selection import train_test_split

from iris_training.config import Config

logger = logging.getLogger(__name__)


class PipelineError(Exception):
    """A step failed on its input; the message names the config field or the path."""


# cell 10
def accuracy(model, X, y):
    return accuracy_score(y, model.predict(X))


def set_seeds(config: Config) -> None:
    """Seed every random number generator the notebook used, once, before any step."""
    import numpy

    numpy.random.seed(config.seed)


def iris_species_classifier(config: Config) -> Any:
    """Iris species classifier (notebook cells 2, 3).

    Train a random forest on the iris data set that ships with scikit-learn.
    """
    # cell 2
    # %matplotlib inline: dropped
    # cell 3
    SEED = config.seed
    np.random.seed(SEED)
    return SEED


def load_the_data() -> Any:
    """Load the data (notebook cells 5, 6)."""
    # cell 5
    iris = load_iris(as_frame=True)
    df = iris.frame.copy()
    logger.debug("%r", df.head())
    # cell 6
    df.dropna(inplace=True)
    df["petal_ratio"] = df["petal length (cm)"] / df["petal width (cm)"]
    logger.info("%s", df.shape)
    return df


def train(config: Config, df, SEED) -> tuple[Any, ...]:
    """Train (notebook cell 8)."""
    # cell 8
    features = [c for c in df.columns if c != "target"]
    X_train, X_test, y_train, y_test = train_test_split(
        df[features], df["target"], test_size=config.test_size, random_state=SEED
    )
    model = RandomForestClassifier(
        n_estimators=config.n_estimators, max_depth=config.max_depth, random_state=SEED
    )
    model.fit(X_train, y_train)
    return X_test, y_test, model


def evaluate(model, X_test, y_test) -> Any:
    """Evaluate (notebook cell 10)."""
    # cell 10
    test_accuracy = accuracy(model, X_test, y_test)
    logger.info("test accuracy: %.3f", test_accuracy)
    return test_accuracy


def run(config: Config | None = None) -> dict[str, Any]:
    """Run the notebook's steps in order and return its final results by name (relative
    input paths are read from config.data_dir, written files go below config.output_dir).
    """
    config = (config if config is not None else Config()).resolve_paths()
    set_seeds(config)
    SEED = iris_species_classifier(config)
    df = load_the_data()
    X_test, y_test, model = train(config, df, SEED)
    test_accuracy = evaluate(model, X_test, y_test)
    return {"test_accuracy": test_accuracy}
