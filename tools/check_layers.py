#!/usr/bin/env python3
"""The layering of docs/architecture.md, checked on the sources' #include lines.

    tools/check_layers.py SOURCE_DIR

Fails (exit 1, one line per offence) where a file includes a header of a layer it may not
include, where anything but the kinds themselves includes a kind's own file (experiments/), where
an installed header (cmake/api_headers.cmake) includes one that is not installed, or where an
installed header includes Google Benchmark's. The link checks (cmake/layers.cmake) catch the calls;
this catches the includes, templates and inline code among them.
"""

import os
import re
import sys

# Folder -> the folders its files may include (besides its own). core and io are one layer.
NUMERICS = {"core", "io", "functions", "nn", "data", "optimizers", "analysis"}
ALLOWED = {
    "core": {"io"},
    "io": {"core"},
    "functions": {"core", "io"},
    "nn": {"core", "io"},
    "data": {"core", "io"},
    "optimizers": {"core", "io", "functions"},
    "analysis": {"core", "io", "functions", "nn", "data"},
    "config": NUMERICS,
    "run": NUMERICS | {"config"},
    "experiments": NUMERICS | {"config", "run"},
    # The report and the CLI reach the kinds through the registry (run/experiment_kind.hpp),
    # never through a kind's own header.
    "report": NUMERICS | {"config", "run"},
    "cli": NUMERICS | {"config", "run", "report"},
}
# The headers directly under include/optbench/, a user's entry points, and the layer of each.
TOP_LEVEL = {"plugin.hpp": "core", "optbench_main.hpp": "cli"}
# Installed headers that the build generates (CMakeLists.txt's configure_file), not in include/.
GENERATED = {"optbench/core/version.hpp"}
INCLUDE = re.compile(r'\s*#\s*include\s+([<"])([^">]+)[">]')


def folder_of(rel):
    """The layer folder of a path relative to the source root, or None."""
    parts = rel.split("/")
    if parts[0] == "include" and len(parts) == 3 and parts[1] == "optbench":
        return TOP_LEVEL.get(parts[2])
    if parts[0] == "include" and len(parts) > 2 and parts[1] == "optbench":
        return parts[2]
    if parts[0] == "src" and len(parts) > 1:
        return parts[1]
    if parts[0] == "experiments":
        return "experiments"
    return None


def target_of(root, rel, bracket, name):
    """The source-relative path an include names, or None for system and library headers."""
    if name.startswith("optbench/"):
        return "include/" + name
    if bracket == "<":
        return None
    candidate = os.path.normpath(os.path.join(os.path.dirname(rel), name))
    if os.path.exists(os.path.join(root, candidate)):
        return candidate.replace(os.sep, "/")
    return None


def api_headers(root):
    text = open(os.path.join(root, "cmake", "api_headers.cmake"), encoding="utf-8").read()
    body = text[text.index("set(OPTBENCH_API_HEADERS") :].split(")", 1)[0]
    return set(re.findall(r"optbench/\S+\.hpp", body))


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "."
    errors = []
    for top in ("include/optbench", "src", "experiments"):
        for dirpath, _, files in os.walk(os.path.join(root, top)):
            for f in sorted(files):
                if not f.endswith((".hpp", ".cpp", ".in")):
                    continue
                rel = os.path.relpath(os.path.join(dirpath, f), root).replace(os.sep, "/")
                layer = folder_of(rel)
                if layer not in ALLOWED:
                    continue
                for number, line in enumerate(open(os.path.join(root, rel), encoding="utf-8"), 1):
                    m = INCLUDE.match(line)
                    if not m:
                        continue
                    target = target_of(root, rel, m.group(1), m.group(2))
                    other = folder_of(target) if target else None
                    if other is None or other == layer:
                        continue
                    if other not in ALLOWED[layer]:
                        errors.append(f"{rel}:{number}: {layer} may not include {other} "
                                      f"({m.group(2)}): docs/architecture.md")
    installed = api_headers(root)
    for header in sorted(installed):
        path = os.path.join(root, "include", header)
        if not os.path.exists(path):
            errors.append(f"cmake/api_headers.cmake: {header} does not exist")
            continue
        for number, line in enumerate(open(path, encoding="utf-8"), 1):
            m = INCLUDE.match(line)
            if not m:
                continue
            name = m.group(2)
            if name.startswith("benchmark/"):
                errors.append(f"include/{header}:{number}: an installed header includes Google "
                              f"Benchmark's {name}")
            elif name.startswith("optbench/") and name not in installed | GENERATED:
                errors.append(f"include/{header}:{number}: includes {name}, which is not "
                              f"installed (add it to cmake/api_headers.cmake)")
    for e in errors:
        print(e)
    print(f"check_layers: {len(errors)} offences" if errors else "check_layers: ok")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
