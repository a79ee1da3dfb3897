# fish completion for awsrole
#
# Install (one of):
#   awsrole completion fish > ~/.config/fish/completions/awsrole.fish
#   echo 'awsrole completion fish | source' >> ~/.config/fish/config.fish
#
# Candidates come from `awsrole __complete`, which reads the AWS config but
# never the keyring or the network. After `--`, the command being run is
# completed by its own completion (complete -C).

# Prints the candidates for the token under the cursor.
function __awsrole_complete
    set -l tokens (commandline -opc)
    set -l current (commandline -ct)
    if set -l sep (contains -i -- -- $tokens)
        set -l rest $tokens[(math $sep + 1)..-1]
        complete -C (string join -- ' ' (string escape -- $rest) "$current")
        return
    end
    # Tokens reach awsrole unescaped; fish does the matching and the escaping.
    command awsrole __complete fish -- $tokens "$current" 2>/dev/null
end

complete -c awsrole -f -a '(__awsrole_complete)'
