# Completes one line the way bash's programmable completion would, without a terminal.
# Usage: bash --norc --noprofile bash-complete.bash <setup-file> <line>
# Sources <setup-file>, then fills COMP_LINE, COMP_POINT, COMP_WORDS (split at blanks) and
# COMP_CWORD for the cursor at the end of <line>, calls the function `complete -p awsrole`
# names, and prints COMPREPLY, one entry per line.
# shellcheck disable=SC1090
source "$1"
line=$2
COMP_LINE=$line
COMP_POINT=${#line}
read -r -a COMP_WORDS <<<"$line"
if [[ -z $line || $line == *[[:blank:]] ]]; then COMP_WORDS+=(""); fi
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
COMP_TYPE=9
COMP_KEY=9
spec=$(complete -p awsrole) || exit 3
func=${spec#* -F }
func=${func%% *}
COMPREPLY=()
"$func" awsrole "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}" 2>/dev/null
if ((${#COMPREPLY[@]})); then printf '%s\n' "${COMPREPLY[@]}"; fi
