"""Type hints of the native module ``sesame._sesame`` (built from python/src/).

The public API is the package ``sesame``; this module is its native half.
"""

import os
import pathlib
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

import numpy as np

_Path = Union[str, "os.PathLike[str]"]
_Columns = List[Tuple[str, np.ndarray]]

__version__: str

class ScenarioError(ValueError):
    """A scenario or sweep that cannot be loaded; the message lists every
    problem, one per line, and ``problems`` holds them as a list."""

    problems: List[str]

class Scenario:
    """A validated sesame scenario."""

    @staticmethod
    def load(path: _Path) -> Scenario:
        """Reads and validates the scenario file at ``path``; raises
        ScenarioError listing every problem."""
    @staticmethod
    def from_toml(text: str, source: Optional[_Path] = None) -> Scenario:
        """Reads and validates a scenario from TOML text; ``source`` names it
        in messages and anchors a relative edge-list path."""
    def set(self, key: str, value: Any) -> Scenario:
        """Sets a dotted key as ``sesame run --set KEY=VALUE`` does and
        validates again; returns the scenario (calls chain). Raises
        ScenarioError and leaves the scenario unchanged on a problem."""
    def update(self, changes: Dict[str, Any]) -> Scenario:
        """Sets several dotted keys at once and validates once (changes only
        valid together); returns the scenario."""
    def get(self, key: str) -> Any:
        """The value of a dotted key in the resolved scenario (KeyError if
        it holds none)."""
    def copy(self) -> Scenario:
        """A copy that later changes leave alone."""
    def __copy__(self) -> Scenario: ...
    def __deepcopy__(self, memo: Any) -> Scenario: ...
    @property
    def toml(self) -> str:
        """The resolved scenario as TOML, defaults filled in."""
    @property
    def name(self) -> str: ...
    @property
    def seed(self) -> int: ...
    @property
    def ticks(self) -> int: ...
    @property
    def source(self) -> str:
        """Where it was read from (``<toml>`` for text)."""

class Run:
    """A finished run (wrapped by ``sesame.Run``)."""

    def table(self, name: str) -> _Columns:
        """metrics, tiers, groups, citizens or edges as (column, array) pairs."""
    def events(self) -> Optional[_Columns]:
        """events.csv as columns, or None when not recorded."""
    @property
    def scenario_toml(self) -> str: ...
    @property
    def warnings(self) -> List[str]: ...
    @property
    def tick(self) -> int: ...
    @property
    def wall_seconds(self) -> float: ...
    def save(
        self,
        folder: _Path,
        force: bool = False,
        charts: bool = True,
        chart_format: str = "png",
        command: Optional[str] = None,
    ) -> pathlib.Path:
        """Writes the run folder ``sesame run`` writes; returns its path."""

class Simulation:
    """A simulation stepped by hand (wrapped by ``sesame.Simulation``)."""

    def __init__(self, scenario: Scenario, threads: Optional[int] = None) -> None: ...
    def step(self, ticks: int = 1) -> None: ...
    def measures(self) -> Dict[str, float]: ...
    def table(self, name: str) -> _Columns: ...
    @property
    def tick(self) -> int: ...
    @property
    def ticks(self) -> int: ...
    @property
    def scores(self) -> np.ndarray: ...
    @property
    def records(self) -> np.ndarray: ...
    @property
    def degrees(self) -> np.ndarray: ...
    @property
    def groups(self) -> np.ndarray: ...
    @property
    def tiers(self) -> np.ndarray: ...
    @property
    def group_names(self) -> List[str]: ...
    @property
    def tier_names(self) -> List[str]: ...
    @property
    def edges(self) -> np.ndarray: ...
    @property
    def warnings(self) -> List[str]: ...

def prepare(
    scenario: Union[Scenario, _Path],
    seed: Optional[int] = None,
    ticks: Optional[int] = None,
    sets: Sequence[Tuple[str, Any]] = (),
) -> Scenario:
    """The scenario with seed, ticks and dotted keys changed (a Scenario
    given is left as it was)."""

def run(scenario: Scenario, threads: Optional[int] = None) -> Run:
    """Runs the scenario to its last tick, GIL released."""

def sweep(
    source: Union[_Path, Dict[str, Any]],
    out: _Path,
    threads: Optional[int] = None,
    force: bool = False,
    resume: bool = False,
    charts: bool = False,
) -> Dict[str, Any]:
    """Runs a sweep into the folder ``out``; returns its report."""

def measure(
    scratch: _Path,
    edges: Optional[_Path] = None,
    pairs: Optional[np.ndarray] = None,
    citizens: Optional[_Path] = None,
    scores: Optional[np.ndarray] = None,
) -> Tuple[List[Tuple[str, float]], List[str]]:
    """The measures of a network and notes for the user."""

def read_csv(path: _Path) -> _Columns:
    """A CSV file sesame wrote, as typed columns."""
