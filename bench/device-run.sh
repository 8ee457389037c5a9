#!/usr/bin/env bash
# The one prepared GPU check of #18, for a session that is lent a GPU machine (the device tool: no npm, no
# Node, no network there). Two steps:
#
#   here:   bench/device-run.sh prepare
#           builds the portable pack (npm run pack:portable) and packs it with this machine's Node binary
#           and the Vulkan loader packages into .device/ (ignored by git; 33 MB, 42 MB with the tracked tree,
#           under the device tool's 64 MiB).
#   there:  device run, carry [".device"], timeout_s 520, command: bash bench/device-run.sh run
#           (the bench itself is stopped at 470 s, so the call stays under 8 minutes)
#           unpacks into /tmp, installs the loader libraries, points Vulkan at NVIDIA's driver and prints
#           the gpu bench's one JSON line (webgpu against wasm: embedding and fine-tuning images/s at
#           224 px, MLP samples/s, GBDT 1M x 30 on the GPU shaders against the CPU learner), also into
#           $OUT/gpu.json. Extra arguments go to the bench (e.g. --quick, --gbdt-rows 200000).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=.device

case "${1:-}" in
  prepare)
    rm -rf "$dir" && mkdir -p "$dir/debs"
    npm run --silent pack:portable -- "$dir/pack"
    tar -C "$dir" -cJf "$dir/pack.tar.xz" pack && rm -rf "$dir/pack"
    xz -T2 -6 -c "$(readlink -f "$(command -v node)")" > "$dir/node.xz"
    # The NVIDIA Vulkan driver there needs the Khronos loader and GLVND (absent from that image).
    (cd "$dir/debs" && apt-get download libvulkan1 libglvnd0 libglx0 libegl1 libopengl0 libgl1 2>/dev/null)
    du -sh "$dir"/* ;;
  run)
    shift
    for f in "$dir"/debs/*.deb; do dpkg -x "$f" /; done
    ldconfig
    icd=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
    [ -e "$icd" ] && export VK_DRIVER_FILES="$icd"
    mkdir -p /tmp/assay && tar -C /tmp/assay -xJf "$dir/pack.tar.xz"
    xz -dc "$dir/node.xz" > /tmp/assay/node && chmod +x /tmp/assay/node
    nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader >&2 || true
    echo "node $(/tmp/assay/node --version); Vulkan ICD: ${VK_DRIVER_FILES:-none found}" >&2
    out="${OUT:-/tmp}"
    timeout 470 /tmp/assay/node /tmp/assay/pack/bench/gpu.mjs "$@" | tee "$out/gpu.json" ;;
  *)
    echo "usage: bench/device-run.sh prepare | run [bench flags]" >&2
    exit 2 ;;
esac
