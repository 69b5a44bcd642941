// Generates src/types/openapi.gen.ts from the server's OpenAPI document, so the frontend's API types are never
// written by hand. Run it after changing a route or a schema: `npm run gen:api` (from frontend/).
//
//   node scripts/gen-api.mjs [--schema openapi.json] [--out file]
//
// Without --schema the document is built in-process by the backend (`app.openapi()`, no server or database needed)
// with the repository's virtualenv ($RADLOOP_PYTHON overrides the interpreter). tests/test_api_types.py passes the
// document it built itself and compares the output byte for byte with the committed file, so the output must depend
// on the document alone: keys are sorted on both sides and Prettier (pinned) formats it with the project's settings.
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import openapiTS, { astToString } from 'openapi-typescript'
import * as prettier from 'prettier'
import ts from 'typescript'

const FRONTEND = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const REPO = resolve(FRONTEND, '..')
const DEFAULT_OUT = resolve(FRONTEND, 'src/types/openapi.gen.ts')
const DUMP = 'import json; from backend.main import app; print(json.dumps(app.openapi(), sort_keys=True))'

const HEADER = `/**
 * GENERATED from the backend's OpenAPI document by frontend/scripts/gen-api.mjs: do not edit by hand.
 * Regenerate after changing a route or a schema: \`cd frontend && npm run gen:api\`.
 * tests/test_api_types.py fails when this file is not what the backend generates now.
 * Hand-written names for these types live in src/types/api.ts.
 */
`

function parseArgs(argv) {
  const args = { schema: null, out: DEFAULT_OUT }
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]]
    if (value === undefined) throw new Error(`${flag} needs a value`)
    if (flag === '--schema') args.schema = resolve(value)
    else if (flag === '--out') args.out = resolve(value)
    else throw new Error(`unknown option ${flag} (expected --schema FILE and/or --out FILE)`)
  }
  return args
}

function dumpOpenapi() {
  const python = process.env.RADLOOP_PYTHON ?? resolve(REPO, '.venv/bin/python')
  const run = spawnSync(python, ['-c', DUMP], {
    cwd: REPO,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'inherit'], // the backend's traceback, if it cannot start, goes straight to stderr
  })
  if (run.status !== 0) {
    console.error(
      `gen-api: ${python} could not build the OpenAPI document (${run.error?.message ?? `exit ${run.status}`})`,
    )
    process.exit(1)
  }
  return run.stdout
}

/** File fields of multipart bodies (`UploadFile`) are sent as Blob or File, not as the JSON string the schema says. */
function binaryAsBlob(schema) {
  const binary = schema.format === 'binary' || schema.contentMediaType === 'application/octet-stream'
  if (schema.type === 'string' && binary) return ts.factory.createTypeReferenceNode('Blob')
  return undefined
}

/** Names of the component schemas reachable (through $refs) from `roots`. */
function reachable(document, roots) {
  const found = new Set()
  const visit = (node) => {
    if (Array.isArray(node)) return node.forEach(visit)
    if (node === null || typeof node !== 'object') return
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') {
        const name = value.replace('#/components/schemas/', '')
        if (!found.has(name)) {
          found.add(name)
          visit(document.components?.schemas?.[name])
        }
      } else visit(value)
    }
  }
  visit(roots)
  return found
}

/**
 * openapi-typescript makes a field with a default required (defaultNonNullable): true of what the server sends,
 * since it serialises every field, but a request body may leave such a field out and get the default. Fields of the
 * schemas only ever sent by the client (request bodies, not responses) therefore stay optional.
 */
function requestDefaultsOptional(document) {
  const operations = Object.values(document.paths ?? {}).flatMap((item) => Object.values(item))
  const sent = reachable(
    document,
    operations.map((operation) => operation?.requestBody),
  )
  const received = reachable(
    document,
    operations.map((operation) => operation?.responses),
  )
  return (property, schema, options) => {
    const [, name, field] = /^#\/components\/schemas\/([^/]+)\/([^/]+)$/.exec(options.path ?? '') ?? []
    if (!name || !sent.has(name) || received.has(name) || !('default' in schema)) return undefined
    if (document.components.schemas[name].required?.includes(field)) return undefined
    const optional = ts.factory.createToken(ts.SyntaxKind.QuestionToken)
    return ts.factory.updatePropertySignature(property, property.modifiers, property.name, optional, property.type)
  }
}

const args = parseArgs(process.argv.slice(2))
const document = JSON.parse(args.schema ? readFileSync(args.schema, 'utf8') : dumpOpenapi())
const ast = await openapiTS(document, {
  alphabetize: true,
  silent: true,
  transform: binaryAsBlob,
  transformProperty: requestDefaultsOptional(document),
})
const source = HEADER + '\n' + astToString(ast)
const options = await prettier.resolveConfig(DEFAULT_OUT)
writeFileSync(args.out, await prettier.format(source, { ...options, parser: 'typescript' }))
