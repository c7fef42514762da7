"""sesame: a simulator of a social-credit society, from Python.

Citizens on a friendship graph earn a credit score from their own behaviour
and their friends' scores; surveillance and rewarded reporting sanction
dissent; citizens cut and form ties. This package runs the sesame library
itself (no shelling out): the same scenarios, the same validation, the same
numbers as the ``sesame`` command, with results as pandas DataFrames (numpy
arrays underneath; without pandas, dicts of numpy arrays)::

    import sesame
    run = sesame.run("scenarios/baseline.toml", ticks=100, score__friend_weight=0.4)
    run.metrics.tail()                  # one row per recorded tick
    run.save("output/baseline-0.4")     # the folder `sesame run` writes

    sim = sesame.Simulation("scenarios/baseline.toml")
    sim.step(10)
    sim.measures()["lost_half_share"]
    sim.scores                          # read-only numpy array

    runs, results, summary = sesame.sweep("scenarios/sweeps/friend-weight.toml")

Scenario keys are the dotted keys of the scenario files
(``score.friend_weight``); as keyword arguments write ``score__friend_weight``
or pass ``**{"score.friend_weight": 0.4}``. A scenario that cannot be loaded
raises :class:`ScenarioError` listing every problem.

Computations release the GIL; Ctrl-C (or "interrupt kernel" in Jupyter)
stops them at the end of the current tick and raises ``KeyboardInterrupt``.
"""

from __future__ import annotations

import os
import tempfile
import warnings
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Dict, Iterator, List, Optional, Sequence, Tuple, Union

import numpy as np

from . import _sesame
from ._sesame import Scenario, ScenarioError

if TYPE_CHECKING:  # pragma: no cover
    import pandas

    Table = Union["pandas.DataFrame", Dict[str, np.ndarray]]
else:
    Table = Any

__version__: str = _sesame.__version__

__all__ = [
    "Run",
    "Scenario",
    "ScenarioError",
    "Simulation",
    "SweepResult",
    "load",
    "measure",
    "run",
    "sweep",
]

PathLike = Union[str, "os.PathLike[str]"]
ScenarioLike = Union[Scenario, PathLike]

_NO_PANDAS = object()
_pandas_module: Any = None


def _pandas() -> Any:
    """pandas if it can be imported (once, on first use), else None."""
    global _pandas_module
    if _pandas_module is None:
        try:
            import pandas
        except ImportError:
            _pandas_module = _NO_PANDAS
        else:
            _pandas_module = pandas
    return None if _pandas_module is _NO_PANDAS else _pandas_module


def _frame(columns: Sequence[Tuple[str, np.ndarray]]) -> Table:
    """A DataFrame of (name, array) columns, or a dict of them without pandas."""
    data = dict(columns)
    pd = _pandas()
    return data if pd is None else pd.DataFrame(data)


def _keys(overrides: Dict[str, Any]) -> List[Tuple[str, Any]]:
    """Keyword arguments as dotted scenario keys: ``score__friend_weight``
    is ``score.friend_weight``; a key with dots stays as it is."""
    return [(key.replace("__", "."), value) for key, value in overrides.items()]


def _prepare(scenario: ScenarioLike, seed: Optional[int], ticks: Optional[int], overrides: Dict[str, Any]) -> Scenario:
    return _sesame.prepare(scenario, seed, ticks, _keys(overrides))


# The library's messages name the command line's flags; from Python they
# are keyword arguments.
_FLAGS = (
    ("use --force to replace it, or --out to choose another", "pass force=True to replace it, or choose another folder"),
    ("--force", "force=True"),
    ("--resume", "resume=True"),
    ("--out", "out="),
)


def _in_python_words(error: ValueError) -> ValueError:
    message = str(error)
    for flag, argument in _FLAGS:
        message = message.replace(flag, argument)
    return ValueError(message)


def load(path: PathLike) -> Scenario:
    """Reads and validates the scenario file at ``path``.

    Raises :class:`ScenarioError` listing every problem (file, key, line,
    what is allowed), as ``sesame check`` does.
    """
    return Scenario.load(path)


class Run:
    """A finished run: the tables a run folder holds, in memory.

    ``metrics``, ``tiers`` and ``groups`` have one row per recorded tick (and
    tier or group); ``citizens`` and ``edges`` describe the final state. Each
    is a pandas DataFrame with the columns of the CSV file of the same name
    (whole numbers as int64, measures as float64 with NaN where undefined,
    names as str), or a dict of numpy arrays when pandas is not installed.
    """

    def __init__(self, native: _sesame.Run) -> None:
        self._native = native

    @cached_property
    def metrics(self) -> Table:
        """metrics.csv: one row per recorded tick."""
        return _frame(self._native.table("metrics"))

    @cached_property
    def tiers(self) -> Table:
        """tiers.csv: one row per recorded tick and tier."""
        return _frame(self._native.table("tiers"))

    @cached_property
    def groups(self) -> Table:
        """groups.csv: one row per recorded tick and group."""
        return _frame(self._native.table("groups"))

    @cached_property
    def citizens(self) -> Table:
        """citizens.csv: the final state of every citizen."""
        return _frame(self._native.table("citizens"))

    @cached_property
    def edges(self) -> Table:
        """edges.csv: the final ties, ``source < target``."""
        return _frame(self._native.table("edges"))

    @cached_property
    def events(self) -> Optional[Table]:
        """events.csv (every tie cut and formed), or None unless the scenario
        sets ``output.tie_events = true``."""
        columns = self._native.events()
        return None if columns is None else _frame(columns)

    @property
    def scenario(self) -> str:
        """The resolved scenario of the run, as TOML (every key, defaults
        filled in, the population size written out)."""
        return self._native.scenario_toml

    @property
    def warnings(self) -> List[str]:
        """Notes for the user (ties dropped from an edge list, ...)."""
        return self._native.warnings

    @property
    def tick(self) -> int:
        """The last tick simulated."""
        return self._native.tick

    @property
    def wall_seconds(self) -> float:
        """Wall time of the simulation, in seconds."""
        return self._native.wall_seconds

    def save(self, folder: PathLike, *, force: bool = False, charts: bool = True, chart_format: str = "png") -> Path:
        """Writes the run folder ``sesame run`` writes for this scenario:
        every file identical byte for byte but the manifest's wall time,
        thread count and command; charts and report.html too unless
        ``charts=False`` (``chart_format``: png, svg or both).

        A folder that exists and is not empty is refused unless ``force``,
        and even then only a sesame run folder is replaced. Returns the folder.
        """
        try:
            return Path(self._native.save(folder, force, charts, chart_format))
        except ScenarioError:
            raise
        except ValueError as e:
            raise _in_python_words(e) from None

    def __repr__(self) -> str:
        return f"<sesame.Run tick={self.tick} ({self.wall_seconds:.2f} s)>"


def run(
    scenario: ScenarioLike,
    seed: Optional[int] = None,
    ticks: Optional[int] = None,
    threads: Optional[int] = None,
    **overrides: Any,
) -> Run:
    """Runs a scenario to its last tick and returns the :class:`Run`.

    ``scenario`` is a :class:`Scenario` or the path of a scenario file.
    ``seed``, ``ticks`` and the dotted keys of ``overrides`` change it as
    ``sesame run --seed --ticks --set KEY=VALUE`` do (``score__friend_weight=0.4``
    or ``**{"score.friend_weight": 0.4}``); a Scenario given is left as it
    was. ``threads``: worker threads (default: one per CPU); the results are
    the same whatever the number.

    Raises :class:`ScenarioError` for a scenario that cannot be loaded,
    ``ValueError`` for other bad input (an edge list), ``KeyboardInterrupt``
    on Ctrl-C.
    """
    return Run(_sesame.run(_prepare(scenario, seed, ticks, overrides), threads))


class Simulation:
    """A simulation stepped by hand, for notebooks.

    ::

        sim = sesame.Simulation("scenarios/baseline.toml")
        sim.step(10)
        sim.measures()        # the measures of tick 10, as a dict
        sim.scores            # each citizen's score now (read-only numpy array)

    It records what a run records (tick 0, every ``output.metrics_every``
    ticks and the scenario's last tick), so stepped to the last tick its
    tables equal those of :func:`run`. It may be stepped past the last tick.
    The arrays are snapshots: read them again after a step.
    """

    def __init__(
        self,
        scenario: ScenarioLike,
        seed: Optional[int] = None,
        ticks: Optional[int] = None,
        threads: Optional[int] = None,
        **overrides: Any,
    ) -> None:
        self._native = _sesame.Simulation(_prepare(scenario, seed, ticks, overrides), threads)

    def step(self, ticks: int = 1) -> "Simulation":
        """Runs ``ticks`` ticks and returns the simulation. Ctrl-C stops at
        the end of the current tick, keeps the ticks done and raises
        ``KeyboardInterrupt``."""
        if ticks < 0:
            raise ValueError(f"ticks = {ticks}: must be at least 0")
        self._native.step(ticks)
        return self

    def run_to_end(self) -> "Simulation":
        """Steps to the scenario's last tick (nothing if it is past it)."""
        return self.step(max(0, self.ticks - self.tick))

    def measures(self) -> Dict[str, float]:
        """The measures of the current tick as a dict with the columns of
        metrics.csv: its row if the tick was recorded, else what a row
        recorded now would hold (flows such as ``sanctions`` count since the
        last recorded tick)."""
        return self._native.measures()

    @property
    def tick(self) -> int:
        """The last tick simulated (0 before the first step)."""
        return self._native.tick

    @property
    def ticks(self) -> int:
        """The scenario's last tick."""
        return self._native.ticks

    @property
    def scores(self) -> np.ndarray:
        """Each citizen's score (float64, read-only)."""
        return self._native.scores

    @property
    def records(self) -> np.ndarray:
        """Each citizen's own record (float64, read-only)."""
        return self._native.records

    @property
    def degrees(self) -> np.ndarray:
        """Each citizen's number of friends (int64, read-only)."""
        return self._native.degrees

    @property
    def groups(self) -> np.ndarray:
        """Each citizen's group as an index into :attr:`group_names` (int64, read-only)."""
        return self._native.groups

    @property
    def tiers(self) -> np.ndarray:
        """Each citizen's tier as an index into :attr:`tier_names` (int64, read-only)."""
        return self._native.tiers

    @property
    def group_names(self) -> List[str]:
        """The groups' names."""
        return self._native.group_names

    @property
    def tier_names(self) -> List[str]:
        """The tiers' names, lowest first."""
        return self._native.tier_names

    @property
    def edges(self) -> np.ndarray:
        """The ties as an (m, 2) int64 array, ``source < target`` (read-only)."""
        return self._native.edges

    @property
    def metrics(self) -> Table:
        """metrics.csv so far: one row per recorded tick."""
        return _frame(self._native.table("metrics"))

    def table(self, name: str) -> Table:
        """A table of the run so far: ``metrics``, ``tiers``, ``groups`` (the
        recorded ticks), ``citizens`` or ``edges`` (now)."""
        return _frame(self._native.table(name))

    @property
    def warnings(self) -> List[str]:
        """Notes for the user."""
        return self._native.warnings

    def __repr__(self) -> str:
        return f"<sesame.Simulation tick={self.tick} of {self.ticks}, {len(self.scores)} citizens>"


class SweepResult:
    """What :func:`sweep` returns: the tables of the sweep folder.

    Unpacks as ``runs, results, summary = sesame.sweep(...)``.
    """

    def __init__(self, report: Dict[str, Any], runs: Table, results: Table, summary: Table, folder: Optional[Path]) -> None:
        #: runs.csv: one row per run (ids, seed, parameter values, status, wall time).
        self.runs = runs
        #: results.csv: every recorded tick of every run, with its parameters.
        self.results = results
        #: summary.csv (long format): mean, sd, n and 95 % interval over the
        #: replicates of each point, per tick and measure.
        self.summary = summary
        #: The sweep folder, or None when it was a temporary one.
        self.folder = folder
        #: The sweep's name.
        self.name: str = report["name"]
        #: The swept keys, the parameter columns of the tables.
        self.parameters: List[str] = report["parameters"]
        #: Whether every run finished.
        self.complete: bool = report["complete"]
        #: Wall time, in seconds.
        self.wall_seconds: float = report["wall_seconds"]
        #: Notes from the runs.
        self.warnings: List[str] = report["warnings"]

    def __iter__(self) -> Iterator[Table]:
        return iter((self.runs, self.results, self.summary))

    def __repr__(self) -> str:
        return f"<sesame.SweepResult {self.name!r}: {len(self.runs['run_id'])} runs, parameters {self.parameters}>"


def sweep(
    source: Union[PathLike, Dict[str, Any]],
    threads: Optional[int] = None,
    *,
    out: Optional[PathLike] = None,
    force: bool = False,
    resume: bool = False,
    charts: bool = False,
) -> SweepResult:
    """Runs a parameter sweep, as ``sesame sweep`` does, and returns its
    tables (runs, results, summary).

    ``source`` is a sweep file's path, or a dict holding what a sweep file
    holds (``{"base": "scenarios/baseline.toml", "replicates": 2,
    "parameters": {"score.friend_weight": [0.0, 0.2]}, "overrides": {"ticks":
    50}}``; a relative ``base`` is relative to the working folder).
    ``threads``: worker threads (default: one per CPU); the tables are the
    same whatever the number.

    The sweep runs in a temporary folder unless ``out`` names one to keep
    (with ``force`` to replace a sesame sweep folder there, ``resume`` to
    continue one, ``charts`` to draw its charts).

    Raises :class:`ScenarioError` listing every problem of the sweep,
    ``KeyboardInterrupt`` on Ctrl-C (with ``out``, the finished runs stay
    committed there for ``resume``).
    """

    def go(folder: Path, keep: bool) -> SweepResult:
        try:
            report = _sesame.sweep(source, folder, threads, force, resume, charts)
        except ScenarioError:
            raise
        except ValueError as e:
            raise _in_python_words(e) from None
        tables = [_frame(_sesame.read_csv(folder / name)) for name in ("runs.csv", "results.csv", "summary.csv")]
        return SweepResult(report, *tables, folder=folder if keep else None)

    if out is not None:
        return go(Path(out), keep=True)
    with tempfile.TemporaryDirectory(prefix="sesame-sweep-") as scratch:
        return go(Path(scratch) / "sweep", keep=False)


def measure(edges: Any, scores: Any = None) -> Dict[str, float]:
    """The measures of a network, as ``sesame measure`` computes them (and as
    metrics.csv records them), in metrics.csv order.

    ``edges``: the path of an edge-list file (CSV with a header, or SNAP
    text), an (m, 2) array of citizen ids, or a DataFrame with ``source`` and
    ``target`` columns. ``scores``: None; the path of a citizens file (a run
    folder's citizens.csv, which adds the score, trait and tier measures and
    ``lost_half_share``); or one score per citizen, indexed by id 0..n-1
    (citizens without ties count as isolated).

    Notes (self-loops and repeated ties dropped) are issued as warnings.
    """
    edge_file: Optional[str] = None
    pairs: Optional[np.ndarray] = None
    if isinstance(edges, (str, os.PathLike)):
        edge_file = os.fspath(edges)
    else:
        if hasattr(edges, "columns") and "source" in edges.columns and "target" in edges.columns:
            edges = np.column_stack([np.asarray(edges["source"]), np.asarray(edges["target"])])
        array = np.asarray(edges)
        if array.size == 0:
            array = array.reshape(0, 2)
        if array.ndim != 2 or array.shape[1] != 2:
            raise ValueError(f"edges: expected an (m, 2) array of citizen ids, got shape {array.shape}")
        if not np.issubdtype(array.dtype, np.integer):
            if not (np.issubdtype(array.dtype, np.floating) and np.all(np.isfinite(array)) and np.all(array == np.round(array))):
                raise ValueError(f"edges: citizen ids are whole numbers, got {array.dtype}")
        pairs = np.ascontiguousarray(array, dtype=np.int64)
    citizen_file: Optional[str] = None
    values: Optional[np.ndarray] = None
    if isinstance(scores, (str, os.PathLike)):
        citizen_file = os.fspath(scores)
    elif scores is not None:
        values = np.ascontiguousarray(np.asarray(scores, dtype=np.float64))
        if values.ndim != 1:
            raise ValueError(f"scores: expected one score per citizen, got shape {values.shape}")
    with tempfile.TemporaryDirectory(prefix="sesame-measure-") as scratch:
        # Arrays are written where `sesame measure` reads files; messages
        # name them as the arguments they came from.
        def named(message: str) -> str:
            for name, argument in (("edges.csv", "edges"), ("citizens.csv", "scores")):
                message = message.replace(os.path.join(scratch, name), argument)
            return message

        try:
            measures, notes = _sesame.measure(scratch, edge_file, pairs, citizen_file, values)
        except ValueError as e:
            raise ValueError(named(str(e))) from None
    for note in notes:
        warnings.warn(named(note), stacklevel=2)
    return dict(measures)
