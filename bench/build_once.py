"""One build of a project, as the benchmark's subprocess: prints its Report as JSON."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from site_src.pipeline import Project, build

if __name__ == "__main__":
    report = build(Project(Path(sys.argv[1])))
    print(json.dumps({"files": report.files, "timings": report.timings}))
