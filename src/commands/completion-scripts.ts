// The completion scripts of completions/, bundled as text by esbuild (package.json "imports" maps #completions).

import zsh from '#completions/_awsrole' with { type: 'text' };
import bash from '#completions/awsrole.bash' with { type: 'text' };
import fish from '#completions/awsrole.fish' with { type: 'text' };
import type { Shell } from './completion.js';

export const COMPLETION_SCRIPTS: Readonly<Record<Shell, string>> = { bash, zsh, fish };
