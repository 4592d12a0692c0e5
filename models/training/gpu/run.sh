#!/usr/bin/env bash
# On the GPU machine (root, PyTorch + OpenCV, no Java): unpacks pack.sh's file, installs its fonts,
# generates N synthetic crops with the bundled generator (every profile; the weights and seed of
# scripts/train's synth-4 unless LK_SYNTH_WEIGHTS / LK_SYNTH_SEED say others, e.g. ocr-v2's
# br-old=20,br-mercosur=12 and 21), then runs each TRAINING given after "--" side by side, each a quoted
# list of train_ocr.py options (its --out among them). Augmentation runs in each training's
# --workers processes, the network on the GPU (--device auto).
#   models/training/gpu/run.sh BUNDLE WORKDIR N -- "TRAIN OPTIONS A" ["TRAIN OPTIONS B" ...]
set -euo pipefail
bundle="$1"; work="$2"; n="$3"; shift 3
[ "${1:-}" = "--" ] && shift
here="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$work"
tar -xJf "$bundle" -C "$work"
mkdir -p /usr/local/share/fonts/lanekeeper && cp "$work"/bundle/fonts/* /usr/local/share/fonts/lanekeeper/
# a machine without fontconfig: the JDK's own font configuration file names one bundled font for every
# logical font (the generator loads the profiles' fonts from their files, FontCatalog)
fc="$work/fontconfig.properties"
printf 'version=1\nsequence.allfonts=default\nallfonts.default=DejaVu Sans Bold\nfilename.DejaVu_Sans_Bold=%s\n' \
  /usr/local/share/fonts/lanekeeper/DejaVuSans-Bold.ttf > "$fc"
t0=$(date +%s)
"$work/bundle/jre/bin/java" -Xmx16g -Djava.awt.headless=true -Dsun.awt.fontconfig="$fc" -cp "$work/bundle/lib/*" \
  io.lanekeeper.synth.SynthCommand --out "$work/synth" --crops "$n" --backgrounds "$work/bundle/bg" \
  --weights "${LK_SYNTH_WEIGHTS:-br-old=3,br-mercosur=2}" --seed "${LK_SYNTH_SEED:-11}" 2>&1 | grep -v SLF4J | tail -2
echo "synthetic crops: $n in $(( $(date +%s) - t0 )) s"
pids=()
i=0
for opts in "$@"; do
  i=$((i + 1))
  # shellcheck disable=SC2086
  PYTHONUNBUFFERED=1 python3 "$here/../train_ocr.py" --datasets "$work/real" --synth "$work/synth" $opts \
    > "$work/train-$i.log" 2>&1 &
  pids+=($!)
done
tail -n +1 -f "$work"/train-*.log &
tailer=$!
rc=0
for p in "${pids[@]}"; do wait "$p" || rc=1; done
kill "$tailer" 2>/dev/null || true
exit $rc
