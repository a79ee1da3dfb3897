// Layering of src/, checked by `npm run lint` (dependency-cruiser): cli -> commands -> domain, never back.
/** The domain: every folder of src/ but cli/ and commands/ (and the entry, main.ts). */
const DOMAIN = '^src/(?!cli/|commands/|main\\.ts$)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-imports-commands-or-cli',
      comment:
        'The domain (config/, target/, credentials/, sources/, sso/, store/, run/, server/...) never imports a command handler or the CLI: they depend on it, not the other way round.',
      severity: 'error',
      from: { path: DOMAIN },
      to: { path: '^src/(cli|commands)/' },
    },
    {
      name: 'commands-import-cli',
      comment:
        'Command handlers are plain functions over typed options: the CLI calls them, they never import the CLI.',
      severity: 'error',
      from: { path: '^src/commands/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'domain-imports-yargs',
      comment: 'Only the CLI knows yargs; the domain and the handlers never import it.',
      severity: 'error',
      from: { path: '^src/(?!cli/)' },
      to: { path: 'node_modules/yargs' },
    },
    {
      name: 'folder-cycle',
      comment:
        'Folders of src/ point one way: no chain of imports leads from a folder back into itself through another folder.',
      severity: 'error',
      from: { path: '^src/([^/]+)/' },
      to: { path: '^src/([^/]+)/', circular: true, viaSomeNot: '^src/$1/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    parser: 'swc',
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
