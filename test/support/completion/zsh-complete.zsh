#!/usr/bin/env zsh
# Completes one line in a real interactive zsh (under zsh/zpty) and reports what happened.
# Usage: zsh -f zsh-complete.zsh <out-dir> <setup-file> <line>
# In a fresh `zsh -f -i` with compinit, sources <setup-file>, types <line> and presses TAB
# once, then writes <out-dir>/matches (what completion offered, one per line) and
# <out-dir>/buffer (the edit buffer after the TAB).
zmodload zsh/zpty || exit 3
out=$1 setup=$2 line=$3
session_rc=${0:A:h}/zsh-session.zsh

: > $out/matches
zpty session zsh -f -i
zpty -w session "ZSH_COMPLETE_OUT=${(q)out}; source ${(q)session_rc} && source ${(q)setup} && touch ${(q)out}/ready"
for i in {1..400}; do [[ -e $out/ready ]] && break; sleep 0.05; done
[[ -e $out/ready ]] || { print -u2 'zsh session did not start'; zpty -d session; exit 4 }
# ZLE handles keys in order: ^T (save the buffer) runs once the TAB's completion is done.
zpty -w -n session "$line"$'\t\x14'
for i in {1..400}; do [[ -e $out/buffer ]] && break; sleep 0.05; done
zpty -d session
[[ -e $out/buffer ]] || { print -u2 'no buffer after completion'; exit 5 }
