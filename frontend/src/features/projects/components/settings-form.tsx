import { type FormEvent, useState } from 'react'
import type { Project } from '@/types/api'
import { useUpdateSettings } from '../api/update-settings'

/** Selection strategies the worker implements (DESIGN.md, "Scoring"). */
export const STRATEGIES = ['random', 'entropy', 'mc_dropout', 'acft', 'unetpp_heads', 'coreset', 'hybrid'] as const

export function SettingsForm({ project }: { project: Project }) {
  const [strategy, setStrategy] = useState(project.strategy)
  const [batchSize, setBatchSize] = useState(String(project.batch_size))
  const update = useUpdateSettings(project.id)
  const options = STRATEGIES.includes(project.strategy as (typeof STRATEGIES)[number])
    ? STRATEGIES
    : [project.strategy, ...STRATEGIES]

  function submit(event: FormEvent) {
    event.preventDefault()
    update.mutate({ strategy, batch_size: Number(batchSize) })
  }

  return (
    <form className="card inline-form" onSubmit={submit} aria-labelledby="settings-title">
      <h3 id="settings-title">Round settings</h3>
      <label htmlFor="strategy">Strategy</label>
      <select id="strategy" value={strategy} onChange={(e) => setStrategy(e.target.value)}>
        {options.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
      <label htmlFor="batch-size">Batch size</label>
      <input
        id="batch-size"
        type="number"
        min="1"
        step="1"
        required
        value={batchSize}
        onChange={(e) => setBatchSize(e.target.value)}
      />
      <button type="submit" disabled={update.isPending}>
        Save settings
      </button>
      {update.error && (
        <p role="alert" className="error">
          {update.error.message}
        </p>
      )}
      {update.isSuccess && <p role="status">Settings saved.</p>}
    </form>
  )
}
