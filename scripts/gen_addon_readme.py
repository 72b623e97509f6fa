"""Builds an addon's README.rst from its readme/*.md fragments, in the OCA layout.

OCA's own generator (oca-gen-addon-readme) is not published on PyPI; this one
follows the same layout for the few Markdown constructs our fragments use:
headings, paragraphs, bullet and numbered lists, **bold**, `code` and [links](url).

    python scripts/gen_addon_readme.py ADDON_DIR          writes ADDON_DIR/README.rst
    python scripts/gen_addon_readme.py --check ADDON_DIR  fails if it is out of date
                                                          or not valid reStructuredText
"""

import argparse
import ast
import pathlib
import re
import sys

import docutils.core
import docutils.utils

SECTIONS = [
    ("CONFIGURE.md", "Configuration"),
    ("USAGE.md", "Usage"),
    ("ROADMAP.md", "Known issues / Roadmap"),
]
UNDERLINES = ["=", "-", "~", "^"]
LICENSE_BADGES = {
    "LGPL-3": (
        "https://img.shields.io/badge/licence-LGPL--3-blue.png",
        "http://www.gnu.org/licenses/lgpl-3.0-standalone.html",
    ),
}


def inline(text):
    text = re.sub(r"\[([^\]]+)\]\(([^)]+)\)", r"`\1 <\2>`_", text)
    return re.sub(r"(?<!`)`([^`]+)`(?![`_])", r"``\1``", text)


def markdown_to_rst(markdown, level=0):
    lines = []
    for line in markdown.strip().splitlines():
        heading = re.match(r"^(#+)\s+(.*)$", line)
        if heading:
            title = inline(heading[2])
            underline = UNDERLINES[min(level + len(heading[1]), len(UNDERLINES) - 1)]
            lines += [title, underline * len(title)]
        else:
            lines.append(inline(line.rstrip()))
    return "\n".join(lines) + "\n"


def title_block(title, char="="):
    return f"{title}\n{char * len(title)}\n"


def build(addon_dir):
    manifest = ast.literal_eval((addon_dir / "__manifest__.py").read_text())
    readme = addon_dir / "readme"
    name = manifest["name"]
    badge_image, badge_target = LICENSE_BADGES[manifest["license"]]
    parts = [
        "=" * len(name),
        name,
        "=" * len(name),
        "",
        ".. !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!",
        "   !! This file is generated from readme/*.md by                !!",
        "   !! scripts/gen_addon_readme.py: changes will be overwritten. !!",
        "   !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!",
        "",
        "|badge1|",
        "",
        f".. |badge1| image:: {badge_image}",
        f"    :target: {badge_target}",
        f"    :alt: License: {manifest['license']}",
        "",
        markdown_to_rst((readme / "DESCRIPTION.md").read_text()),
        "**Table of contents**",
        "",
        ".. contents::",
        "   :local:",
        "",
    ]
    for fragment, title in SECTIONS:
        path = readme / fragment
        if path.exists():
            parts += [title_block(title), markdown_to_rst(path.read_text(), level=1)]
    parts += [title_block("Credits"), title_block("Authors", "-")]
    parts += [f"* {author.strip()}" for author in manifest["author"].split(",")]
    parts.append("")
    contributors = readme / "CONTRIBUTORS.md"
    if contributors.exists():
        parts += [
            title_block("Contributors", "-"),
            markdown_to_rst(contributors.read_text()),
        ]
    return "\n".join(parts).rstrip() + "\n"


def rst_problems(content):
    """docutils' warnings and errors about the generated file."""
    try:
        docutils.core.publish_doctree(
            content, settings_overrides={"report_level": 2, "halt_level": 2}
        )
    except docutils.utils.SystemMessage as problem:
        return str(problem)
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("addon_dir", type=pathlib.Path)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    content = build(args.addon_dir)
    target = args.addon_dir / "README.rst"
    problem = rst_problems(content)
    if problem:
        print(f"{target}: {problem}")
        return 1
    if args.check:
        if not target.exists() or target.read_text() != content:
            print(f"{target} is out of date: run python {sys.argv[0]} {args.addon_dir}")
            return 1
        return 0
    target.write_text(content)
    return 0


if __name__ == "__main__":
    sys.exit(main())
