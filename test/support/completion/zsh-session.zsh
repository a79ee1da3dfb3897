# Setup for the interactive zsh that zsh-complete.zsh drives (ZSH_COMPLETE_OUT names the output dir).
PS1='' PS2='' RPS1=''
unsetopt zle_bracketed_paste 2>/dev/null
autoload -Uz compinit && compinit -u -D
zstyle ':completion:*' menu no
LISTMAX=100000

# Records every match offered (compadd -O runs the matching, without adding), then adds for real.
compadd() {
  if (( ${@[(I)-[OAD]]} )); then
    builtin compadd "$@"
    return
  fi
  local -a __matched
  builtin compadd -O __matched "$@"
  (( ${#__matched} )) && print -rl -- "${__matched[@]}" >>"$ZSH_COMPLETE_OUT/matches"
  builtin compadd "$@"
}

# ^T saves the edit buffer.
__save_buffer() {
  print -rn -- "$BUFFER" >"$ZSH_COMPLETE_OUT/buffer.tmp" && mv "$ZSH_COMPLETE_OUT/buffer.tmp" "$ZSH_COMPLETE_OUT/buffer"
}
zle -N __save_buffer
bindkey '^T' __save_buffer
