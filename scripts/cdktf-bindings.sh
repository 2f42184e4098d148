#!/usr/bin/env bash
# Builds the .NET bindings of CDKTF (HashiCorp.Cdktf, Constructs and the provider packages) that the
# generated infrastructure stacks (build/infra/<env>/) reference. They are not on NuGet: jsii-pacmak
# generates them from the npm packages. The result is a local NuGet feed folder of .nupkg files:
#
#   ${PULSE_CACHE:-$HOME/.cache/pulse}/cdktf-<versions-hash>/feed/
#
# The versions are read from src/Targets/Infra/Cdktf/CdktfVersions.cs (the one source of truth; the
# hash is the same one that class computes). A package whose .nupkg is already in the feed is skipped,
# so a second run does nothing. Per-package seconds and sizes are appended to <cache>/timings.tsv.
#
#   scripts/cdktf-bindings.sh                 # constructs, cdktf + the providers in PULSE_CDKTF_PROVIDERS
#   scripts/cdktf-bindings.sh all             # ... + every provider (azurerm and google take long)
#   scripts/cdktf-bindings.sh databricks helm # ... + just these providers
#   scripts/cdktf-bindings.sh --print-feed    # print the feed folder and exit (no work)
#
# PULSE_CDKTF_PROVIDERS defaults to "databricks helm kubernetes", the small ones (about 4 minutes on
# 2 cores). Every generated stack also needs its cloud's provider (google about 5.5 minutes, azurerm
# about 7), so CI runs "all": under CI=true the infra tests call this script with "all" themselves
# when the feed is incomplete. Measured times: src/Targets/Infra/README.md.
set -euo pipefail
# jsii prints a large banner on end-of-life node majors (the machines have node 20); it works on them.
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=${JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION:-16,18,20}

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VERSIONS_CS="$ROOT/src/Targets/Infra/Cdktf/CdktfVersions.cs"

version_of() { # the value of `public const string $1 = "...";` in CdktfVersions.cs
  sed -n "s/^ *public const string $1 = \"\([^\"]*\)\";.*/\1/p" "$VERSIONS_CS"
}

CDKTF=$(version_of Cdktf)
CONSTRUCTS=$(version_of Constructs)
PACMAK=$(version_of JsiiPacmak)
declare -A PROVIDER_VERSION=(
  [azurerm]=$(version_of ProviderAzurerm)
  [databricks]=$(version_of ProviderDatabricks)
  [google]=$(version_of ProviderGoogle)
  [helm]=$(version_of ProviderHelm)
  [kubernetes]=$(version_of ProviderKubernetes)
)
ALL_PROVIDERS="azurerm databricks google helm kubernetes"   # the order CdktfVersions.Packages uses

for v in "$CDKTF" "$CONSTRUCTS" "$PACMAK" "${PROVIDER_VERSION[@]}"; do
  [ -n "$v" ] || { echo "cdktf-bindings: could not read a version from $VERSIONS_CS" >&2; exit 2; }
done

# The cache key: must match CdktfVersions.Hash ("npm@version\n" per package, then jsii-pacmak).
key_text=$(printf 'constructs@%s\ncdktf@%s\n' "$CONSTRUCTS" "$CDKTF"
  for p in $ALL_PROVIDERS; do printf '@cdktf/provider-%s@%s\n' "$p" "${PROVIDER_VERSION[$p]}"; done
  printf 'jsii-pacmak@%s\n' "$PACMAK")
HASH=$(printf '%s\n' "$key_text" | sha256sum | cut -c1-12)
CACHE="${PULSE_CACHE:-$HOME/.cache/pulse}/cdktf-$HASH"
FEED="$CACHE/feed"

if [ "${1:-}" = "--print-feed" ]; then echo "$FEED"; exit 0; fi

providers=${PULSE_CDKTF_PROVIDERS:-databricks helm kubernetes}
if [ $# -gt 0 ]; then
  if [ "$1" = "all" ]; then providers=$ALL_PROVIDERS; else providers="$*"; fi
fi
for p in $providers; do
  [ -n "${PROVIDER_VERSION[$p]:-}" ] || { echo "cdktf-bindings: unknown provider '$p' (known: $ALL_PROVIDERS)" >&2; exit 2; }
done

command -v node >/dev/null || { echo "cdktf-bindings: node is required (jsii runs the bindings in node)" >&2; exit 2; }
command -v npm >/dev/null || { echo "cdktf-bindings: npm is required" >&2; exit 2; }
command -v dotnet >/dev/null || { echo "cdktf-bindings: dotnet is required" >&2; exit 2; }

mkdir -p "$FEED" "$CACHE/npm"
exec 9>"$CACHE/.lock"
flock 9   # two runs at once (two test runs, CI + a developer) would fight over node_modules

nupkg_of() { # $1 = NuGet id, $2 = version
  echo "$FEED/$1.$2.nupkg"
}

# 1. npm: install the wanted packages at their exact versions (incremental: npm keeps what is there).
npm_specs=("constructs@$CONSTRUCTS" "cdktf@$CDKTF" "jsii-pacmak@$PACMAK")
for p in $providers; do npm_specs+=("@cdktf/provider-$p@${PROVIDER_VERSION[$p]}"); done
cd "$CACHE/npm"
[ -f package.json ] || echo '{ "name": "pulse-cdktf-bindings", "private": true }' > package.json
missing=0
for spec in "${npm_specs[@]}"; do
  name=${spec%@*}; want=${spec##*@}
  have=$(node -p "try { require('./node_modules/$name/package.json').version } catch { '' }")
  [ "$have" = "$want" ] || missing=1
done
if [ "$missing" = 1 ]; then
  echo "==> npm install ${npm_specs[*]}" >&2
  start=$SECONDS
  npm install --no-audit --no-fund --save-exact --loglevel=error "${npm_specs[@]}" >&2
  echo -e "$(date -u +%FT%TZ)\tnpm-install\t$((SECONDS - start))s\t$(du -sh node_modules | cut -f1)" >> "$CACHE/timings.tsv"
fi

# 2. jsii-pacmak, one package at a time in dependency order, so each gets its own time and a failure
#    names its package. pacmak writes into the package's own dist/dotnet, where it also looks for the
#    dependencies it built before (constructs before cdktf before the providers).
build() { # $1 = npm package, $2 = NuGet id, $3 = version
  local out
  out=$(nupkg_of "$2" "$3")
  if [ -f "$out" ]; then echo "==> $2 $3: cached" >&2; return; fi
  echo "==> jsii-pacmak $1@$3 -> $2" >&2
  local start=$SECONDS
  rm -rf "node_modules/$1/dist/dotnet"
  npx --no-install jsii-pacmak "node_modules/$1" --targets dotnet --no-fingerprint >&2
  local built
  built=$(find "node_modules/$1/dist/dotnet" -name "$2.$3.nupkg" | head -1)
  [ -n "$built" ] || { echo "cdktf-bindings: jsii-pacmak produced no $2.$3.nupkg" >&2; exit 1; }
  cp "$built" "$out.partial" && mv "$out.partial" "$out"   # the feed only ever holds whole packages
  echo -e "$(date -u +%FT%TZ)\t$2\t$((SECONDS - start))s\t$(du -h "$out" | cut -f1) nupkg\t$(du -sh "node_modules/$1" | cut -f1) npm+dist" \
    >> "$CACHE/timings.tsv"
}

build constructs Constructs "$CONSTRUCTS"
build cdktf HashiCorp.Cdktf "$CDKTF"
for p in $providers; do
  id="HashiCorp.Cdktf.Providers.${p^}"
  build "@cdktf/provider-$p" "$id" "${PROVIDER_VERSION[$p]}"
done

echo "==> feed: $FEED" >&2
ls -1 "$FEED" >&2
echo "$FEED"
