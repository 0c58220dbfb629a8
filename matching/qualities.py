"""Small vectorised questions about a block that rules and components share."""

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from matching.columns import Block
from matching.concepts import Concepts, FloatArray
from matching.prepared import Prepared

IndexArray = npt.NDArray[np.int32]


def column_rows(matrix: sp.csc_matrix, column: int) -> IndexArray:
    """The rows (sorted) with an entry in `column` of a CSC matrix."""
    indices: IndexArray = matrix.indices[
        matrix.indptr[column] : matrix.indptr[column + 1]
    ]
    return indices


def row_indices(matrix: sp.csr_matrix, row: int) -> IndexArray:
    """The columns (sorted) with an entry in `row` of a CSR matrix."""
    indices: IndexArray = matrix.indices[matrix.indptr[row] : matrix.indptr[row + 1]]
    return indices


def column_values(matrix: sp.csc_matrix, column: int) -> FloatArray:
    """One column of a CSC matrix as a dense array."""
    dense = np.zeros(matrix.shape[0])
    span = slice(matrix.indptr[column], matrix.indptr[column + 1])
    dense[matrix.indices[span]] = matrix.data[span]
    return dense


def row_ids(matrix: sp.csr_matrix) -> IndexArray:
    """The row of every stored entry of a CSR matrix."""
    rows = np.arange(matrix.shape[0], dtype=np.int32)
    return np.repeat(rows, np.diff(matrix.indptr))


def row_max(matrix: sp.csr_matrix, values: FloatArray) -> FloatArray:
    """Per row, the maximum of `values` (one per stored entry), 0 for empty rows."""
    best = np.zeros(matrix.shape[0])
    nonempty = np.diff(matrix.indptr) > 0
    if values.size:
        starts = matrix.indptr[:-1][nonempty]
        best[nonempty] = np.maximum(np.maximum.reduceat(values, starts), 0.0)
    return best


def has_skills(block: Block, skills: Sequence[int]) -> npt.NDArray[np.bool_]:
    """Whether each candidate explicitly holds every one of `skills`.

    Only held skills count: the taxonomy's SSYK-4 skill links are suggestions,
    never enough to pass a hard requirement.
    """
    held = np.zeros(len(block), dtype=np.int32)
    for skill in set(skills):
        held[column_rows(block.skills, skill)] += 1
    complete: npt.NDArray[np.bool_] = held == len(set(skills))
    return complete


def same_group(concepts: Concepts, occupation: int) -> npt.NDArray[np.bool_]:
    """Occupations that are `occupation` or share its SSYK-4 group."""
    group = concepts.occupation_group
    match: npt.NDArray[np.bool_] = (group == group[occupation]) & (
        group[occupation] >= 0
    )
    match[occupation] = True
    return match


def meets_experience(block: Block, prepared: Prepared) -> npt.NDArray[np.bool_]:
    """Whether each candidate has every must occupation experience, with its years.

    Experience in the occupation or in another of its SSYK-4 group counts; years
    in several such occupations add up.
    """
    ok = np.ones(len(block), dtype=bool)
    exp = block.experience
    rows = row_ids(exp)
    for need in prepared.target.requirements.experience:
        hit = same_group(prepared.concepts, need.occupation)[exp.indices]
        years = np.bincount(rows[hit], weights=exp.data[hit], minlength=len(block))
        present = np.bincount(rows[hit], minlength=len(block)) > 0
        ok &= present & (years >= need.min_years)
    return ok
