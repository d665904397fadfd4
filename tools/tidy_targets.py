#!/usr/bin/env python3
"""The sources clang-tidy must check since a commit whose whole tree was checked clean.

Usage: tools/tidy_targets.py BUILD_DIR REV
Prints the absolute paths of the .cpp files under src/ and experiments/ that changed since REV
(committed or not), and of every one whose object reads a changed header (ninja's dependency log
of BUILD_DIR, so the build must have run). Exits 3 when REV is unknown or the log is missing:
then every file must be checked.
"""
import os
import subprocess
import sys


def main():
    build, rev = sys.argv[1], sys.argv[2]
    root = subprocess.run(["git", "rev-parse", "--show-toplevel"], capture_output=True,
                          text=True).stdout.strip()
    known = subprocess.run(["git", "cat-file", "-e", rev + "^{commit}"], capture_output=True)
    if known.returncode != 0:
        return 3
    diff = subprocess.run(["git", "diff", "--name-only", rev, "--"], capture_output=True,
                          text=True, check=True, cwd=root).stdout.split()
    untracked = subprocess.run(["git", "ls-files", "--others", "--exclude-standard"],
                               capture_output=True, text=True, check=True, cwd=root).stdout.split()
    changed = {os.path.realpath(os.path.join(root, f)) for f in diff + untracked}
    deps = subprocess.run(["ninja", "-C", build, "-t", "deps"], capture_output=True, text=True)
    if deps.returncode != 0 or "#deps" not in deps.stdout:
        return 3
    build_abs = os.path.realpath(build)
    targets = set()
    source = None
    reads_changed = False

    def close():
        if source and reads_changed:
            targets.add(source)

    for line in deps.stdout.splitlines():
        if not line.startswith(" ") and "#deps" in line:
            close()
            source, reads_changed = None, False
            continue
        path = line.strip()
        if not path:
            continue
        full = os.path.realpath(os.path.join(build_abs, path))
        if source is None:
            source = full  # the first dependency of an object is its source
        if full in changed:
            reads_changed = True
    close()
    # A changed source that no object lists yet (a new file) is checked too.
    for f in changed:
        if f.endswith(".cpp") and os.path.exists(f):
            targets.add(f)
    for t in sorted(targets):
        rel = os.path.relpath(t, root)
        if rel.endswith(".cpp") and (rel.startswith("src/") or rel.startswith("experiments/")):
            print(t)
    return 0


if __name__ == "__main__":
    sys.exit(main())
