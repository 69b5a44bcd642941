import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { type DataColumn, DataTable, type DataTableProps } from './data-table'

interface Item {
  id: number
  name: string
  note: string | null
}

const items: Item[] = [
  { id: 2, name: 'beta', note: 'b' },
  { id: 1, name: 'alpha', note: null },
]
const columns: DataColumn<Item>[] = [
  { header: 'Name', cell: (item) => item.name },
  { header: 'Note', cell: (item) => item.note ?? '–', className: 'muted', testId: 'note', title: (item) => item.name },
]
const render = (props: Partial<DataTableProps<Item>>) =>
  renderToStaticMarkup(createElement(DataTable<Item>, { rows: items, columns, rowKey: (item) => item.id, ...props }))

describe('DataTable', () => {
  it('writes a caption, scoped headers and one row per item in the given order', () => {
    const html = render({ caption: 'Things', captionId: 'things-title', testId: 'things' })
    expect(html).toBe(
      '<table data-testid="things"><caption id="things-title">Things</caption>' +
        '<thead><tr><th scope="col">Name</th><th scope="col">Note</th></tr></thead>' +
        '<tbody><tr><td>beta</td><td class="muted" data-testid="note" title="beta">b</td></tr>' +
        '<tr><td>alpha</td><td class="muted" data-testid="note" title="alpha">–</td></tr></tbody></table>',
    )
  })

  it('puts data attributes on rows and leaves out falsy columns', () => {
    const html = render({
      columns: [columns[0], false, null],
      rowProps: (item) => ({ 'data-testid': 'row', 'data-id': item.id, 'data-first': item.id === 2 }),
    })
    expect(html).toContain('<tr data-testid="row" data-id="2" data-first="true"><td>beta</td></tr>')
    expect(html).toContain('<tr data-testid="row" data-id="1" data-first="false"><td>alpha</td></tr>')
    expect(html).not.toContain('<caption')
    expect(html.match(/<th /g)).toHaveLength(1)
  })

  it('shows the empty text instead of a table, or an empty table without one', () => {
    expect(render({ rows: [], empty: 'Nothing yet.', emptyTestId: 'things-empty' })).toBe(
      '<p data-testid="things-empty">Nothing yet.</p>',
    )
    expect(render({ rows: [] })).toContain('<tbody></tbody>')
  })

  it('aligns a column when asked', () => {
    const html = render({ columns: [{ header: 'N', cell: (item) => item.id, align: 'end' }] })
    expect(html).toContain('<th scope="col" style="text-align:end">N</th>')
    expect(html).toContain('<td style="text-align:end">2</td>')
  })

  it('shows details under a row in one cell spanning the columns, only where asked', () => {
    const html = render({ expanded: (item) => (item.id === 1 ? `details of ${item.name}` : null) })
    expect(html).toContain(
      '<tr><td>alpha</td><td class="muted" data-testid="note" title="alpha">–</td></tr>' +
        '<tr class="expanded-row"><td colSpan="2">details of alpha</td></tr>',
    )
    expect(html.match(/expanded-row/g)).toHaveLength(1)
  })
})
