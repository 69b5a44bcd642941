import { type CSSProperties, Fragment, type KeyboardEventHandler, type ReactNode } from 'react'

/** `data-*` attributes for a row (test ids, the row's status or id for styling and e2e selectors). */
export type DataAttributes = { [name: `data-${string}`]: string | number | boolean | undefined }

export interface DataColumn<Row> {
  /** The column header; pass null for a header cell with no visible name (a column of per-row actions). */
  header: ReactNode
  cell: (row: Row) => ReactNode
  className?: string
  /** Cells are left-aligned by the stylesheet; numbers read better aligned to the end. */
  align?: 'start' | 'center' | 'end'
  /** A test id on every cell of the column (each row has one, so e2e tests scope it to a row). */
  testId?: string
  /** A tooltip per cell, e.g. the full text behind a shortened value. */
  title?: (row: Row) => string | undefined
}

/** A column, or a falsy placeholder for one that this view leaves out (so column lists read top to bottom). */
export type OptionalColumn<Row> = DataColumn<Row> | false | null | undefined

export interface DataTableProps<Row> {
  rows: readonly Row[]
  columns: readonly OptionalColumn<Row>[]
  /** A stable key per row; never the index, so React keeps row state (an input being typed in) with its row. */
  rowKey: (row: Row) => string | number
  /** Names the table for screen readers (the stylesheet hides captions; the heading above shows the name). */
  caption?: ReactNode
  captionId?: string
  testId?: string
  /** With no rows, this text replaces the table; without it an empty table is shown. */
  empty?: string
  emptyTestId?: string
  rowProps?: (row: Row) => DataAttributes
  /** Keyboard handling over all rows (e.g. arrow keys moving between the rows' links). */
  onBodyKeyDown?: KeyboardEventHandler<HTMLTableSectionElement>
  /**
   * Details shown under a row, in one cell spanning every column (a study's series, say); null or undefined keeps
   * the row collapsed. The row that opens it should say so with `aria-expanded` on its toggle.
   */
  expanded?: (row: Row) => ReactNode
}

const alignStyle = (align: DataColumn<unknown>['align']): CSSProperties | undefined =>
  align ? { textAlign: align } : undefined

/**
 * The one table markup of the app: caption, a header row of `scope="col"` cells, one body row per item in the
 * order given. Feature components describe their columns; the semantics screen readers and tests rely on live here.
 */
export function DataTable<Row>({
  rows,
  columns,
  rowKey,
  caption,
  captionId,
  testId,
  empty,
  emptyTestId,
  rowProps,
  onBodyKeyDown,
  expanded,
}: DataTableProps<Row>) {
  if (rows.length === 0 && empty !== undefined) return <p data-testid={emptyTestId}>{empty}</p>
  const shown = columns.filter((column): column is DataColumn<Row> => Boolean(column))
  return (
    <table data-testid={testId}>
      {caption !== undefined && <caption id={captionId}>{caption}</caption>}
      <thead>
        <tr>
          {shown.map((column, index) => (
            <th key={index} scope="col" style={alignStyle(column.align)}>
              {column.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody onKeyDown={onBodyKeyDown}>
        {rows.map((row) => {
          const details = expanded?.(row)
          return (
            <Fragment key={rowKey(row)}>
              <tr {...rowProps?.(row)}>
                {shown.map((column, index) => (
                  <td
                    key={index}
                    className={column.className}
                    data-testid={column.testId}
                    title={column.title?.(row)}
                    style={alignStyle(column.align)}
                  >
                    {column.cell(row)}
                  </td>
                ))}
              </tr>
              {details !== null && details !== undefined && (
                <tr className="expanded-row">
                  <td colSpan={shown.length}>{details}</td>
                </tr>
              )}
            </Fragment>
          )
        })}
      </tbody>
    </table>
  )
}
