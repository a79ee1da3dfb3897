# Source me: puts the project's pinned official Node first on PATH for this shell.
#   source scripts/use-node.sh            # the version in .node-version (Node 24 LTS)
#   source scripts/use-node.sh 22.12.0    # the oldest supported version
__awsrole_bin="$(bash "$(dirname "${BASH_SOURCE[0]:-$0}")/node-runtime.sh" "$@")" &&
  export PATH="$__awsrole_bin:$PATH" &&
  printf 'node %s from %s\n' "$(node --version)" "$__awsrole_bin" >&2
unset __awsrole_bin
