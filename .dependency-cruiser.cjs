/**
 * Architecture rules (STYLE.md rule 2): a domain/ folder holds the rules of the
 * product and imports no infrastructure — no express, kafkajs, mongoose,
 * better-sqlite3, no adapter library, no entry point, no data-access code.
 */
module.exports = {
  forbidden: [
    {
      name: 'domain-imports-no-infrastructure',
      severity: 'error',
      comment: 'domain/ must stay free of I/O: use a port and let main.ts wire the adapter',
      from: { path: '(^|/)src/domain/' },
      to: {
        path: [
          '(^|/)node_modules/(express|kafkajs|mongoose|mongodb|better-sqlite3|pino|@opentelemetry)/',
          '(^|/)libs/(messaging|storage|runtime|observability)/',
          '(^|/)src/(entry-points|data-access)/',
          '(^|/)src/main\\.ts$',
        ],
      },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'libs-do-not-import-services',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^services/' },
    },
  ],
  options: {
    // Modules in node_modules and built output are recorded as targets (so the rules see them) but not followed.
    doNotFollow: { path: '(node_modules|/dist/)' },
    exclude: { path: '(/test/|/fixtures/)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.tests.json' },
    combinedDependencies: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['require', 'node', 'default', 'types'] },
  },
};
