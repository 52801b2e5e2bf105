// Flat config: typescript-eslint's strict, type-aware rules over src, test and scripts.
import tseslint from 'typescript-eslint';

// The folder layers of src/, lowest first. A folder imports only from folders of lower layers, and
// only through their index.ts (their public API); src/main.ts counts as part of the composition (app).
// Checked by `npm run lint`; test/unit/lint/layers.test.ts shows a crossing fails.
export const LAYERS = [
  ['errors'],
  ['domain', 'config'],
  ['logging', 'representation', 'workers'],
  ['rdf'],
  ['store', 'validation', 'accounts'],
  ['pid', 'query'],
  ['records', 'search', 'ontology-docs'],
  ['exporters', 'citation', 'reporting'],
  ['importers', 'minting'],
  ['federation'],
  ['compare'],
  ['pages'],
  ['http'],
  ['workspace'],
  ['app'],
  ['cli'],
];

/**
 * The ESLint blocks that enforce {@link LAYERS} with the core rule no-restricted-imports.
 * @returns flat-config blocks, one per folder.
 */
export function layerRules() {
  const all = LAYERS.flat();
  return LAYERS.flatMap((layer, level) => layer.map((folder) => {
    const above = all.filter((other) => other !== folder && LAYERS.findIndex((l) => l.includes(other)) >= level);
    const fromRoot = folder === 'app';
    return {
      files: fromRoot ? ['src/app/**/*.ts', 'src/*.ts'] : [`src/${folder}/**/*.ts`],
      rules: {
        'no-restricted-imports': ['error', {
          patterns: [
            {
              group: ['../*/*', '!../*/index.js', ...(fromRoot ? ['./*/*', '!./*/index.js', '!./app/*'] : [])],
              message: 'Import another folder through its index.js, its public API (no deep imports across folders).',
            },
            ...(above.length === 0 ? [] : [{
              group: above.flatMap((other) => [`../${other}/*`, `./${other}/*`]),
              message: `${folder}/ may import only from the layers below it (eslint.config.js LAYERS): ${all.filter((o) => !above.includes(o) && o !== folder).join(', ') || 'nothing in src'}.`,
            }]),
          ],
        }],
      },
    };
  }));
}


export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'var/**', 'coverage/**'] },
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unnecessary-condition': 'off',
      // n3's DataFactory exports plain functions typed as methods; destructuring them is safe.
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
    },
  },
  ...layerRules(),
  {
    files: ['**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
  },
);
