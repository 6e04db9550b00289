// Lint: typescript-eslint's recommended rules plus the architecture's import rules.
// The core (src/core) is pure: no Node I/O modules, no clock or randomness read globally,
// no imports from the shell. Core areas import each other only through their index.ts and
// only along the arrows written in docs/architecture.md.
import tseslint from 'typescript-eslint';

/** area → the areas it may import (through their index.ts). Keep in step with docs/architecture.md. */
export const CORE_ARROWS = {
  shared: [],
  rating: ['shared'],
  network: ['shared', 'rating'],
  customs: ['shared', 'rating', 'network'],
  tracking: ['shared', 'network'],
  planning: ['shared', 'rating', 'network', 'customs'],
  orders: ['shared', 'rating', 'network', 'customs', 'planning'],
  documents: ['shared', 'rating', 'network', 'customs', 'planning', 'orders'],
};

const IO_MODULES =
  '^(node:|(fs|fs/promises|path|child_process|net|http|https|http2|os|dgram|dns|tls|worker_threads|cluster|process|readline)$)';

const coreAreaRules = Object.entries(CORE_ARROWS).map(([area, allowed]) => ({
  files: [`src/core/${area}/**/*.ts`],
  ignores: ['**/*.test.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            regex: IO_MODULES,
            message: 'The core does no I/O: Node I/O modules belong to the shell (src/shell).',
          },
          {
            regex: '^\\.\\./\\.\\./(?!\\.\\./data/reference/)',
            message: 'The core never imports the shell or anything outside src/core.',
          },
          {
            regex:
              allowed.length > 0
                ? `^\\.\\./(?!(${allowed.join('|')})/index\\.ts$)`
                : '^\\.\\./(?!\\.\\./\\.\\./data/reference/)',
            message: `src/core/${area} may import only ${
              allowed.length > 0
                ? allowed.map((a) => `../${a}/index.ts`).join(', ')
                : 'nothing from other areas'
            } (see docs/architecture.md).`,
          },
        ],
      },
    ],
    'no-restricted-properties': [
      'error',
      {
        object: 'Date',
        property: 'now',
        message: 'Pass a Clock into the core; do not read the time globally.',
      },
      { object: 'Math', property: 'random', message: 'Pass a random source into the core.' },
    ],
    'no-restricted-syntax': [
      'error',
      {
        selector: "NewExpression[callee.name='Date'][arguments.length=0]",
        message: 'Pass a Clock into the core; do not read the time globally.',
      },
      {
        selector: "MemberExpression[object.name='process']",
        message:
          'The core does not read the process (env, argv, stdout): the shell passes what is needed.',
      },
    ],
  },
}));

export default tseslint.config(
  { ignores: ['node_modules/', 'coverage/', 'data/', 'docs/', 'dist/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  ...coreAreaRules,
  {
    // The partner simulator plays partners against Silkline over its public HTTP API only (it
    // doubles as a load generator): no shell, and of the core only the public data it reads.
    files: ['src/simulator/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)shell/',
              message:
                'The simulator talks to Silkline only over HTTP: it imports nothing from src/shell.',
            },
            {
              regex: '(^|/)core/(?!(network|tracking|shared)/index\\.ts$)',
              message:
                'The simulator uses only the core’s public data: ../core/network/index.ts, ../core/tracking/index.ts, ../core/shared/index.ts.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/shell/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '/core/[^/]+/(?!index\\.ts$)',
              message: 'The shell uses a core area only through its index.ts.',
            },
          ],
        },
      ],
    },
  },
);
