# args.sh — the arguments every test script takes, XIUFU SOURCE_DIR WORK_DIR:
# sourced with them (`. "$(dirname "$0")/../lib/args.sh" "$@"`), it sets
# xiufu and src as absolute paths and work to WORK_DIR, emptied and absolute.
if [ $# -ne 3 ]; then
  echo "usage: $0 XIUFU SOURCE_DIR WORK_DIR" >&2
  exit 2
fi
xiufu=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd)
rm -rf "$3" && mkdir -p "$3"
work=$(cd "$3" && pwd)
