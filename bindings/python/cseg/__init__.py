"""cseg: customer segmentation backed by the cseg C library.

The estimators follow scikit-learn's API (:class:`KMeans` works in a
``Pipeline`` and ``GridSearchCV``), the metrics scikit-learn's names; errors
from the C library are raised as :class:`cseg.Error` subclasses that are
also the built-in exception a Python user expects (``ValueError``,
``OSError``, ``MemoryError``).

Examples
--------
>>> import cseg
>>> cseg.version() == cseg.__version__
True
"""

from __future__ import annotations

from . import _cseg, _errors
from ._errors import (CancelledError, Error, FileError, FormatError, InternalError,
                      InvalidArgumentError, MissingValuesError, NotConvergedError, NotFittedError,
                      OutOfMemoryError, RuleSyntaxError, UnsupportedError, VersionError)

# Every failing C call raises through this hook (see bindings/python/cseg_lang.i).
_cseg.cseg_py_set_error_hook(_errors._from_status)

from . import clv  # noqa: E402
from .clv import Transactions  # noqa: E402
from .dataset import Dataset  # noqa: E402
from .dbscan import DBSCAN  # noqa: E402
from .features import features, features_holdout  # noqa: E402
from .kmeans import Assignment, KMeans  # noqa: E402
from .kselect import KSelection, adjusted_rand_score, gap_choose, knee, select_k  # noqa: E402
from .hierarchical import AgglomerativeClustering, linkage_cut  # noqa: E402
from .minibatch import KStats, MiniBatchKMeans, update_from_kstats  # noqa: E402
from .mixture import GaussianMixture  # noqa: E402
from .metrics import (calinski_harabasz_score, davies_bouldin_score, inertia,  # noqa: E402
                      silhouette_samples, silhouette_score)
from .pca import PCA  # noqa: E402
from .preprocessing import Preprocessor  # noqa: E402
from .profile import Profile, profile  # noqa: E402
from .rfm import RFM  # noqa: E402
from .rules import Rules, RulesResult  # noqa: E402

__all__ = [
    "clv", "Transactions", "features", "features_holdout", "Dataset", "KMeans", "AgglomerativeClustering", "linkage_cut", "DBSCAN", "GaussianMixture", "MiniBatchKMeans", "KStats", "update_from_kstats", "Assignment", "RFM", "Rules", "RulesResult", "profile",
    "Profile", "PCA", "Preprocessor",
    "silhouette_score", "silhouette_samples", "calinski_harabasz_score",
    "davies_bouldin_score", "inertia",
    "select_k", "KSelection", "gap_choose", "knee", "adjusted_rand_score",
    "version", "version_number", "live_handles", "set_max_threads", "get_max_threads",
    "Error", "InvalidArgumentError", "MissingValuesError", "NotFittedError", "FileError",
    "FormatError", "VersionError", "OutOfMemoryError", "UnsupportedError", "CancelledError",
    "NotConvergedError", "InternalError", "RuleSyntaxError",
]


def version() -> str:
    """Version of the C library inside this module, e.g. ``"0.1.0"``."""
    return _cseg.cseg_version()


def version_number() -> int:
    """The version as ``major * 10000 + minor * 100 + patch``."""
    return int(_cseg.cseg_version_number())


def live_handles() -> int:
    """Number of C objects (datasets, models, rule sets, profiles ...) alive in the process.

    Goes back to its earlier value once the Python objects that own them are
    collected; useful to check code for leaks.
    """
    return int(_cseg.cseg_live_handles())


def set_max_threads(n_threads: int) -> None:
    """Largest number of threads the library may use (0 = all cores).

    Results never depend on it: reductions run in a fixed order.
    """
    _cseg.cseg_set_max_threads(int(n_threads))


def get_max_threads() -> int:
    """Threads the library will use for its parallel loops."""
    return int(_cseg.cseg_get_max_threads())


__version__ = version()
