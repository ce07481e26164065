/**
 * The layers (README: Architecture). Lower layers never import higher ones:
 *   domain/                       pure vocabulary: imports only domain/ (and pure libraries)
 *   config/ history/ links/       settings and definitions, records read from histories, signed links
 *   activities/                   side effects (mail, calendars, documents)
 *   workflows/                    deterministic lifecycle code: activities as types only
 *   client/                       CLI, typed API, console
 *   worker/                       the worker process
 *   scripts/                      dev tooling, npm start, benchmarks
 * test/ may import anything.
 */
const layer = (name, above) => ({
  name: `${name}-not-upward`,
  comment: `${name}/ must not import ${above.join('/, ')}/ (a lower layer never depends on a higher one)`,
  severity: 'error',
  from: { path: `^${name}/` },
  to: { path: `^(${above.join('|')})/` },
});

module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'domain/ imports only domain/ and pure libraries: no node built-ins, no Temporal, no other folder',
      severity: 'error',
      from: { path: '^domain/' },
      to: {
        pathNot: '^domain/|^node_modules/(luxon|@types/luxon)/',
      },
    },
    layer('config', ['activities', 'workflows', 'client', 'worker', 'scripts', 'history', 'links']),
    layer('history', ['activities', 'workflows', 'client', 'worker', 'scripts', 'config', 'links']),
    layer('links', ['activities', 'workflows', 'client', 'worker', 'scripts', 'config', 'history']),
    layer('activities', ['workflows', 'client', 'worker', 'scripts']),
    {
      name: 'workflows-import-activities-as-types',
      comment: 'workflows/ imports activities/ as types only (proxyActivities<typeof …>)',
      severity: 'error',
      from: { path: '^workflows/' },
      to: { path: '^activities/', dependencyTypesNot: ['type-only'] },
    },
    layer('workflows', ['client', 'worker', 'scripts', 'config', 'history', 'links']),
    layer('client', ['worker', 'scripts']),
    layer('worker', ['scripts']),
    {
      name: 'no-test-imports',
      comment: 'product code never imports test/',
      severity: 'error',
      from: { path: '^(domain|config|history|links|activities|workflows|client|worker)/' },
      to: { path: '^test/' },
    },
    {
      name: 'no-circular',
      comment: 'no import cycles',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules|\\.temporal)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
