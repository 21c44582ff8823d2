#!/usr/bin/env bash
# Builds the example app from Debian's packages (PyPI is not reachable on these machines):
#   dist/app.pyz          one executable zipapp: falcon + gunicorn + api.py, runs on a bare python3 (3.8 to 3.13 checked)
#   dist/rest-app.tar.gz  the bundle: app.pyz, api.py, marathon.json at its root, byte-for-byte reproducible
# usage: build.sh [--out DIR] [--dist-packages DIR] [--python PATH] [--prebuilt]
#   --out            where to write (default: dist/ beside this script)
#   --dist-packages  where Debian's python3-falcon and gunicorn live (default /usr/lib/python3/dist-packages)
#   --python         the interpreter that builds (default /usr/bin/python3: a pyenv python3 cannot see Debian's packages)
#   --prebuilt       also copy the bundle to prebuilt/rest-app.tar.gz (the one committed for fresh machines)
# exit codes: 0 built, 2 bad usage, 3 Debian packages missing
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out_dir=$here/dist
dist_packages=/usr/lib/python3/dist-packages
build_python=/usr/bin/python3
update_prebuilt=false
while (($#)); do
  case $1 in
    --out) out_dir=${2:?--out needs a directory}; shift 2 ;;
    --dist-packages) dist_packages=${2:?--dist-packages needs a directory}; shift 2 ;;
    --python) build_python=${2:?--python needs a path}; shift 2 ;;
    --prebuilt) update_prebuilt=true; shift ;;
    *) echo "build.sh: unknown argument $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done
mkdir -p "$out_dir"
out_dir=$(cd "$out_dir" && pwd)
apt_line='apt-get update && apt-get install -y --no-install-recommends python3-falcon gunicorn'

missing=()
[[ -x $build_python ]] || missing+=("python3 ($build_python)")
[[ -f $dist_packages/falcon/__init__.py ]] || missing+=("python3-falcon")
[[ -f $dist_packages/gunicorn/__init__.py ]] || missing+=("gunicorn (python3-gunicorn)")
if ((${#missing[@]})); then
  {
    echo "build.sh: missing Debian packages: ${missing[*]} (looked in $dist_packages)"
    echo "build.sh: install them as root with: $apt_line"
    echo "build.sh: or use the committed bundle $here/prebuilt/rest-app.tar.gz"
  } >&2
  exit 3
fi

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
app="$stage/app"
bundle="$stage/bundle"
mkdir -p "$app" "$bundle" "$out_dir"

# Pure Python only: falcon's compiled *.so are optional speed-ups built for one Python
# version; without them falcon falls back to its .py modules and runs on any python3.
cp -R "$dist_packages/falcon" "$dist_packages/gunicorn" "$app/"
find "$app" \( -name '*.so' -o -name '*.pyc' \) -delete
find "$app" -type d -name __pycache__ -prune -exec rm -rf {} +
cp "$here/api.py" "$app/api.py"
cp -R "$here/zipapp/." "$app/"
find "$app" -type d -name __pycache__ -prune -exec rm -rf {} +

"$build_python" "$here/build-zipapp.py" "$app" "$out_dir/app.pyz" "/usr/bin/env python3"

# The bundle: fixed order, owner, mode and mtime, gzip without name/time, so equal inputs give an equal digest.
cp "$out_dir/app.pyz" "$here/api.py" "$here/marathon.json" "$bundle/"
chmod 0755 "$bundle/app.pyz"
chmod 0644 "$bundle/api.py" "$bundle/marathon.json"
tar --format=ustar --owner=0 --group=0 --numeric-owner --mtime='1980-01-01 00:00:00Z' \
  -C "$bundle" -cf - app.pyz api.py marathon.json | gzip -9n >"$out_dir/rest-app.tar.gz"

if $update_prebuilt; then
  cp "$out_dir/rest-app.tar.gz" "$here/prebuilt/rest-app.tar.gz"
  echo "build.sh: updated $here/prebuilt/rest-app.tar.gz"
fi
falcon_version=$("$build_python" -c 'import sys; sys.path.insert(0, sys.argv[1]); import falcon; print(falcon.__version__)' "$app")
echo "build.sh: built $out_dir/app.pyz (falcon $falcon_version, $(wc -c <"$out_dir/app.pyz") bytes)"
echo "build.sh: built $out_dir/rest-app.tar.gz sha256 $(sha256sum "$out_dir/rest-app.tar.gz" | cut -d' ' -f1)"
