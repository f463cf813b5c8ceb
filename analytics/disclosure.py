"""Statistical disclosure control for every breakdown shown to users.

DfE convention (Explore Education Statistics): a count below 5 is suppressed and shown as ``c``.
Where a breakdown sums to a total that is shown, one suppressed cell could be recovered by
subtraction, so the next smallest cell is suppressed too (secondary suppression).

Example::

    >>> suppress_counts([120, 3, 40])
    ['120', 'c', 'c']
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

THRESHOLD = 5
SUPPRESSED = "c"
# What a reader is told c means: a hidden cell may be large (secondary suppression), so never "fewer than 5" alone.
SUPPRESSION_NOTE = (
    f"c: fewer than {THRESHOLD} young people, or a count hidden with one so that it cannot be worked out from the totals shown."
)


def suppress_mask(counts: Sequence[int], *, threshold: int = THRESHOLD, total_shown: bool = True) -> list[bool]:
    """True for each count that must not be shown."""
    mask = [c < threshold for c in counts]
    if total_shown and sum(mask) == 1 and len(counts) > 1:
        visible = [(c, i) for i, c in enumerate(counts) if not mask[i]]
        mask[min(visible)[1]] = True
    return mask


def suppress_counts(counts: Sequence[int], *, threshold: int = THRESHOLD, total_shown: bool = True) -> list[str]:
    mask = suppress_mask(counts, threshold=threshold, total_shown=total_shown)
    return [SUPPRESSED if m else f"{int(c)}" for c, m in zip(counts, mask)]


def suppress_frame(
    frame: pd.DataFrame,
    count_col: str,
    *,
    by: Sequence[str] = (),
    share_cols: Sequence[str] = (),
    threshold: int = THRESHOLD,
) -> pd.DataFrame:
    """Return a copy where suppressed counts (and their shares) read ``c``, within each ``by`` group.

    The count column and share columns become text so that ``c`` can stand in them; a ``suppressed``
    boolean column says which rows were hidden, so charts can leave them out.
    """
    out = frame.copy()
    groups = [group.index for _, group in out.groupby(list(by), sort=False)] if by else [out.index]
    hidden = pd.Series(False, index=out.index)
    for idx in groups:
        mask = suppress_mask(out.loc[idx, count_col].tolist(), threshold=threshold)
        hidden.loc[idx] = mask
    out["suppressed"] = hidden
    for col in (count_col, *share_cols):
        out[col] = [SUPPRESSED if h else v for v, h in zip(out[col], hidden)]
        out[col] = out[col].astype(object)
    return out
