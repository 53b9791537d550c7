"""Owning wrappers around the C handles returned by the extension module.

The SWIG pointer objects made by ``cseg._cseg`` do not own anything; each one
is held by exactly one ``_Handle`` here, which frees it exactly once: the
pointer is taken out of the instance dict with ``dict.pop`` (atomic under the
GIL) before ``*_free`` is called, so ``close()`` twice, ``close()`` racing
``__del__`` or a closed handle used again can never free twice.
"""

from __future__ import annotations

from typing import Any, Callable, ClassVar

from . import _cseg


class _Handle:
    """One owned C handle; subclasses name the type and its free function."""

    _kind: ClassVar[str] = "handle"
    _free: ClassVar[Callable[[Any], None]]

    def __init__(self, ptr: Any) -> None:
        if ptr is None:
            raise ValueError(f"cannot wrap a NULL {self._kind}")
        self.__dict__["_ptr"] = ptr

    @property
    def ptr(self) -> Any:
        """The raw pointer; ``ValueError`` once the handle is closed."""
        try:
            return self.__dict__["_ptr"]
        except KeyError:
            raise ValueError(f"this {self._kind} has been closed") from None

    @property
    def closed(self) -> bool:
        return "_ptr" not in self.__dict__

    def close(self) -> None:
        """Free the C object now; later calls do nothing."""
        ptr = self.__dict__.pop("_ptr", None)
        if ptr is not None:
            type(self)._free(ptr)

    def __del__(self) -> None:
        # During interpreter shutdown the module may already be gone.
        try:
            self.close()
        except Exception:  # pragma: no cover
            pass

    def __reduce__(self) -> Any:
        raise TypeError(f"a raw cseg {self._kind} cannot be pickled")

    def __repr__(self) -> str:
        state = "closed" if self.closed else "open"
        return f"<cseg {self._kind} handle ({state})>"


class DatasetHandle(_Handle):
    _kind = "dataset"
    _free = staticmethod(_cseg.cseg_dataset_free)


class ModelHandle(_Handle):
    _kind = "model"
    _free = staticmethod(_cseg.cseg_model_free)


class AssignmentHandle(_Handle):
    _kind = "assignment"
    _free = staticmethod(_cseg.cseg_assignment_free)


class RulesHandle(_Handle):
    _kind = "rule set"
    _free = staticmethod(_cseg.cseg_rules_free)


class RfmHandle(_Handle):
    _kind = "RFM"
    _free = staticmethod(_cseg.cseg_rfm_free)


class ProfileHandle(_Handle):
    _kind = "profile"
    _free = staticmethod(_cseg.cseg_profile_free)


class PcaHandle(_Handle):
    _kind = "PCA"
    _free = staticmethod(_cseg.cseg_pca_free)


class KSelectHandle(_Handle):
    _kind = "k selection"
    _free = staticmethod(_cseg.cseg_kselect_free)


class KStatsHandle(_Handle):
    _kind = "k-means statistics"
    _free = staticmethod(_cseg.cseg_kstats_free)


class PrepHandle(_Handle):
    _kind = "preprocessing"
    _free = staticmethod(_cseg.cseg_prep_free)
