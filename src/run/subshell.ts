// Chooses the shell for `exec` without a command.

// The user's $SHELL, else /bin/sh.
export function subshellArgv(env: NodeJS.ProcessEnv): string[] {
  const shell = env.SHELL?.trim();
  return [shell ? shell : '/bin/sh'];
}
