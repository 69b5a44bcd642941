// Prints {interface: [property, ...]} for every exported interface of a TypeScript file (declarations of one
// name merged), read with the TypeScript compiler's parser. tests/test_api_types.py compares it with the
// backend's OpenAPI schemas so the hand-written API types cannot drift from the server.
import { readFileSync } from 'node:fs'
import ts from 'typescript'

const [file] = process.argv.slice(2)
const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true)
const fields = {}
for (const statement of source.statements) {
  if (!ts.isInterfaceDeclaration(statement)) continue
  const names = statement.members.filter(ts.isPropertySignature).map((m) => m.name.getText(source))
  fields[statement.name.text] = [...(fields[statement.name.text] ?? []), ...names]
}
process.stdout.write(JSON.stringify(fields))
