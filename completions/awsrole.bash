# bash completion for awsrole                                 -*- shell-script -*-
#
# Install (one of):
#   echo 'eval "$(awsrole completion bash)"' >> ~/.bashrc
#   awsrole completion bash > ~/.local/share/bash-completion/completions/awsrole
#
# Candidates come from `awsrole __complete`, which reads the AWS config but
# never the keyring or the network. After `--`, the command being run is
# completed by its own completion.

# Completes an awsrole command line, or the command after its `--`.
_awsrole() {
    local i
    for ((i = 1; i < COMP_CWORD; i++)); do
        if [[ ${COMP_WORDS[i]} == -- ]]; then
            __awsrole_complete_command "$((i + 1))"
            return
        fi
    done
    # awsrole gets the raw line: it applies bash's quoting and COMP_WORDBREAKS
    # itself and prints entries ready for COMPREPLY (filtered, quoted).
    local out
    out=$(command awsrole __complete bash --line "$COMP_WORDBREAKS" "${COMP_LINE:0:COMP_POINT}" 2>/dev/null) || return 0
    COMPREPLY=()
    if [[ -n $out ]]; then
        IFS=$'\n' read -r -d '' -a COMPREPLY <<<"$out"
    fi
    return 0
}

# Completes the command that starts at word $1 as if it had been typed alone:
# bash-completion's _command_offset when it is loaded, else the same steps here.
__awsrole_complete_command() {
    if declare -F _command_offset >/dev/null; then
        _command_offset "$1"
        return
    fi
    local offset=$1 i word
    for ((i = 0; i < offset; i++)); do
        word=${COMP_WORDS[i]}
        while [[ -n $COMP_LINE && $COMP_LINE != "$word"* ]]; do
            COMP_LINE=${COMP_LINE:1}
            ((COMP_POINT--))
        done
        COMP_LINE=${COMP_LINE#"$word"}
        ((COMP_POINT -= ${#word}))
    done
    while [[ $COMP_LINE == [[:space:]]* ]]; do
        COMP_LINE=${COMP_LINE:1}
        ((COMP_POINT--))
    done
    COMP_WORDS=("${COMP_WORDS[@]:offset}")
    ((COMP_CWORD -= offset))
    local cur=${COMP_WORDS[COMP_CWORD]} out spec
    COMPREPLY=()
    if ((COMP_CWORD == 0)); then
        out=$(compgen -c -- "$cur")
    else
        local cmd=${COMP_WORDS[0]}
        spec=$(complete -p -- "$cmd" 2>/dev/null)
        if [[ $spec == *" -F "* ]]; then
            local func=${spec#* -F }
            func=${func%% *}
            "$func" "$cmd" "$cur" "${COMP_WORDS[COMP_CWORD - 1]}"
            return
        elif [[ -n $spec ]]; then
            # Any other spec (-W words, -C command, -A action...): let compgen run it.
            spec=${spec#complete}
            spec=${spec% "$cmd"}
            out=$(eval compgen "$spec" -- '"$cur"')
        else
            compopt -o filenames 2>/dev/null
            out=$(compgen -f -- "$cur")
        fi
    fi
    if [[ -n $out ]]; then
        IFS=$'\n' read -r -d '' -a COMPREPLY <<<"$out"
    fi
    return 0
}

complete -F _awsrole awsrole
