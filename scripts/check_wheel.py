"""Builds the addon's wheel with whool (as OCA publishes addons) and checks it:
its name, its version from the manifest, and its dependencies (Odoo 18.0 and
the manifest's external Python dependencies, nothing else).

Usage: check_wheel.py ADDON_DIR
"""

import ast
import email
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path


def build_wheel(addon_dir, out_dir):
    # No build isolation: whool is pinned in the linters' virtualenv.
    build = subprocess.run(
        [
            *(
                sys.executable,
                "-m",
                "pip",
                "wheel",
                "-q",
                "--disable-pip-version-check",
            ),
            *("--no-deps", "--no-build-isolation", "-w", out_dir, str(addon_dir)),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if build.returncode:
        sys.exit(f"wheel: FAILED: the build failed:\n{build.stdout}{build.stderr}")
    wheels = list(Path(out_dir).glob("*.whl"))
    if len(wheels) != 1:
        sys.exit(f"expected one wheel, got {wheels}")
    return wheels[0]


def expected_requirements(manifest):
    python = manifest.get("external_dependencies", {}).get("python", [])
    return {"odoo==18.0.*", *python}


def check(addon_dir):
    addon_dir = Path(addon_dir).resolve()
    name = addon_dir.name
    manifest = ast.literal_eval((addon_dir / "__manifest__.py").read_text())
    errors = []
    with tempfile.TemporaryDirectory() as out_dir:
        wheel = build_wheel(addon_dir, out_dir)
        # The manifest's version, plus whool's count of commits since it changed.
        version = re.escape(manifest["version"])
        pattern = rf"odoo_addon_{name}-{version}(\.[0-9]+)?-py3-none-any\.whl"
        if not re.fullmatch(pattern, wheel.name):
            errors.append(f"wheel named {wheel.name}, expected {pattern}")
        with zipfile.ZipFile(wheel) as archive:
            files = archive.namelist()
            metadata_file = next(f for f in files if f.endswith(".dist-info/METADATA"))
            metadata = email.message_from_bytes(archive.read(metadata_file))
    if metadata["Name"] != f"odoo-addon-{name}":
        errors.append(f"distribution named {metadata['Name']}")
    requires = set(metadata.get_all("Requires-Dist") or [])
    expected = expected_requirements(manifest)
    if requires != expected:
        errors.append(f"Requires-Dist {sorted(requires)}, expected {sorted(expected)}")
    if f"odoo/addons/{name}/__manifest__.py" not in files:
        errors.append("the wheel does not hold the addon under odoo/addons/")
    for error in errors:
        print(f"wheel: FAILED: {error}")
    if not errors:
        print(f"wheel: {wheel.name}, Requires-Dist: {', '.join(sorted(requires))}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(check(sys.argv[1]))
