"""The notebook-style example runs and writes its figure."""

import subprocess
import sys



def test_the_kappa_sweep_example_plots_ostracism_against_kappa(root, tmp_path):
    figure = tmp_path / "kappa.png"
    done = subprocess.run(
        [sys.executable, str(root / "python" / "examples" / "kappa_sweep.py"), str(figure)],
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith(f"wrote {figure}")
    assert figure.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert figure.stat().st_size > 10_000
