import type { SelectionObjective, Strategy } from '@/types/api'
import { useStrategies } from '../api/get-strategies'

type Props = {
  /** Prefix for the inputs' ids, so two forms on one page keep unique labels. */
  idPrefix: string
  strategy: Strategy
  onStrategy: (value: Strategy) => void
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
  // Until the catalogue has loaded (or if it failed to) the current choice is the only option.
  const strategies = useStrategies().data ?? [{ name: strategy, label: strategy, description: '' }]
  return (
    <>
      <label htmlFor={`${idPrefix}strategy`}>Strategy</label>
      <select id={`${idPrefix}strategy`} value={strategy} onChange={(e) => onStrategy(e.target.value as Strategy)}>
        {strategies.map(({ name, label, description }) => (
          <option key={name} value={name} title={description}>
            {label}
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
