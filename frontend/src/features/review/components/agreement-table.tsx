import type { AgreementRow, Label } from '@/types/api'
import { agreementFigures, comparedWords, labelWords, sortAgreement } from '../utils/compare'

/**
 * How the masks of a double-read case agree, per label: the two reads with each other (measured once both are in)
 * and, once a mask is accepted, each read with it. Empty until the review job has measured them.
 */
export function AgreementTable({ rows, labels }: { rows: readonly AgreementRow[]; labels: readonly Label[] }) {
  return (
    <section className="card" aria-labelledby="agreement-title" data-testid="review-agreement">
      <h3 id="agreement-title">Agreement</h3>
      {rows.length === 0 ? (
        <p className="muted" data-testid="review-agreement-empty">
          Not measured yet: the figures come with the consensus, shortly after the second read.
        </p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Compared</th>
              <th scope="col">Label</th>
              <th scope="col" title="Overlap of the two masks: 1 is identical">
                Dice
              </th>
              <th scope="col" title="95th percentile of the distances between the two masks' surfaces">
                HD95
              </th>
              <th scope="col" title="Share of the surfaces within one voxel of each other">
                Surface Dice
              </th>
            </tr>
          </thead>
          <tbody>
            {sortAgreement(rows).map((row) => {
              const figures = agreementFigures(row)
              return (
                <tr
                  key={`${row.kind}-${row.reader}-${row.read_version}-${row.other_version}-${row.label}`}
                  data-testid="agreement-row"
                  data-kind={row.kind}
                >
                  <td>{comparedWords(row)}</td>
                  <td>{labelWords(labels, row.label)}</td>
                  <td>{figures.dice}</td>
                  <td>{figures.hd95}</td>
                  <td>{figures.surfaceDice}</td>
                </tr>
              )
            })}
          </tbody>
        </table>
      )}
    </section>
  )
}
