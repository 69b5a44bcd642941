import type { CompareKind } from '@/viewer/engine/viewer-engine'
import { OUTLINE_COLOURS } from '@/viewer/engine/viewer-engine'
import { COMPARE_KEYS, type CompareMask } from '../utils/compare'

const swatch = (kind: CompareKind) => ({ background: `rgb(${OUTLINE_COLOURS[kind].join(',')})` })

/**
 * A double-read case's masks side by side: which one the editable drawing starts from (and "Accept as is" accepts),
 * and which are outlined over it, each in its own colour (J, K, L toggle them from the keyboard).
 */
export function ComparePanel(props: {
  masks: readonly CompareMask[]
  start: CompareKind
  outlines: Readonly<Record<CompareKind, boolean>>
  /** Outlines that loaded (a mask that failed to download cannot be shown). */
  available: readonly CompareKind[]
  disabled: boolean
  onStart: (mask: CompareMask) => void
  onToggle: (kind: CompareKind) => void
}) {
  const { masks, start, outlines, available, disabled, onStart, onToggle } = props
  return (
    <fieldset className="card compare-panel" data-testid="review-compare">
      <legend>Reads to compare</legend>
      <table>
        <thead>
          <tr>
            <th scope="col">Mask</th>
            <th scope="col">Start from</th>
            <th scope="col">Outline</th>
          </tr>
        </thead>
        <tbody>
          {masks.map((mask) => (
            <tr key={mask.kind} data-testid={`compare-${mask.kind}`}>
              <td>
                <span className="outline-swatch" style={swatch(mask.kind)} aria-hidden="true" /> {mask.name}
              </td>
              <td>
                <input
                  type="radio"
                  name="review-start"
                  data-testid={`start-${mask.kind}`}
                  aria-label={`Start editing from ${mask.name}`}
                  checked={start === mask.kind}
                  disabled={disabled}
                  onChange={() => onStart(mask)}
                />
              </td>
              <td>
                <label>
                  <input
                    type="checkbox"
                    data-testid={`outline-${mask.kind}`}
                    checked={outlines[mask.kind]}
                    disabled={disabled || !available.includes(mask.kind)}
                    onChange={() => onToggle(mask.kind)}
                  />{' '}
                  <kbd>{COMPARE_KEYS[mask.kind]}</kbd>
                </label>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">
        The drawing starts from the chosen mask; &ldquo;Accept as is&rdquo; accepts it unedited. Outlines show the
        others over it.
      </p>
    </fieldset>
  )
}
