// ESLint flat config. `npm run lint` fails on any finding (errors and warnings alike, see package.json), so a
// hooks mistake such as a dependency that changes every render stops `make test` instead of reaching review.
import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  // Build output and generated code are checked at their source, not here.
  { ignores: ['dist/', 'node_modules/', 'src/types/openapi.gen.ts'] },
  js.configs.recommended,
  // Type-aware: the rules that need the type checker (floating promises, unsafe any) catch what tsc lets through.
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      ecmaVersion: 2022,
      globals: globals.browser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  reactHooks.configs.flat['recommended-latest'],
  {
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      // As tsc's noUnusedParameters: a leading underscore marks a parameter a signature needs but the body does not.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  // Node-side scripts and this file are not part of the TypeScript project.
  {
    files: ['**/*.{js,mjs,cjs}'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
)
