"""Writes a Python zipapp deterministically: the same directory gives the same bytes.

The output has the format `python3 -m zipapp DIR -p "/usr/bin/env python3" -c` makes
(a shebang line, then a deflated zip with DIR's __main__.py at its root). Python 3.11's
zipapp walks the directory in file-system order and stamps each entry with its mtime,
so its bytes differ between machines; here entries are sorted and every timestamp is
fixed, which makes the bundle digest a function of its inputs only.

usage: build-zipapp.py SOURCE_DIR OUTPUT [INTERPRETER]
"""

import os
import stat
import sys
import zipfile

FIXED_DATE_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can hold


def entries(source):
    for root, dirs, files in os.walk(source):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(root, name)
            yield path, os.path.relpath(path, source).replace(os.sep, "/")


def build(source, output, interpreter):
    if not os.path.isfile(os.path.join(source, "__main__.py")):
        raise SystemExit("build-zipapp: %s has no __main__.py" % source)
    with open(output, "wb") as out:
        out.write(b"#!" + interpreter.encode("utf-8") + b"\n")
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
            for path, name in sorted(entries(source), key=lambda entry: entry[1]):
                info = zipfile.ZipInfo(name, FIXED_DATE_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = (stat.S_IFREG | 0o644) << 16
                with open(path, "rb") as data:
                    archive.writestr(info, data.read(), compresslevel=9)
    os.chmod(output, 0o755)


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        raise SystemExit(__doc__.strip().splitlines()[-1])
    build(sys.argv[1], sys.argv[2], sys.argv[3] if len(sys.argv) == 4 else "/usr/bin/env python3")
