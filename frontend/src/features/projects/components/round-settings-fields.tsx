import type { SelectionObjective } from '@/types/api'
import { STRATEGIES } from './strategies'

type Props = {
  /** Prefix for the inputs' ids, so two forms on one page keep unique labels. */
  idPrefix: string
  strategy: string
  onStrategy: (value: string) => void
  batchSize: string
  onBatchSize: (value: string) => void
  /** The selection objective; left out where it cannot be set (project creation uses the default). */
  objective?: SelectionObjective
  onObjective?: (value: SelectionObjective) => void
}

/** The strategy, batch-size (and objective) inputs shared by project creation and the round settings form. */
export function RoundSettingsFields({
  idPrefix,
  strategy,
  onStrategy,
  batchSize,
  onBatchSize,
  objective,
  onObjective,
}: Props) {
  const options = STRATEGIES.includes(strategy as (typeof STRATEGIES)[number]) ? STRATEGIES : [strategy, ...STRATEGIES]
  return (
    <>
      <label htmlFor={`${idPrefix}strategy`}>Strategy</label>
      <select id={`${idPrefix}strategy`} value={strategy} onChange={(e) => onStrategy(e.target.value)}>
        {options.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
      <label htmlFor={`${idPrefix}batch-size`}>Batch size</label>
      <input
        id={`${idPrefix}batch-size`}
        type="number"
        min="1"
        step="1"
        required
        value={batchSize}
        onChange={(e) => onBatchSize(e.target.value)}
      />
      {objective !== undefined && onObjective && (
        <>
          <label htmlFor={`${idPrefix}objective`}>Select by</label>
          <select
            id={`${idPrefix}objective`}
            value={objective}
            onChange={(e) => onObjective(e.target.value as SelectionObjective)}
          >
            <option value="score">highest score</option>
            <option value="value_per_cost">best value per cost</option>
          </select>
        </>
      )}
    </>
  )
}
