import { type FormEvent, useState } from 'react'
import type { Project } from '@/types/api'
import { useUpdateSettings } from '../api/update-settings'
import { AutoPublishField } from './auto-publish-field'
import { RoundSettingsFields } from './round-settings-fields'

/** How the next round selects, and whether its selection is published at once or waits for the lead's approval. */
export function SettingsForm({ project }: { project: Project }) {
  const [strategy, setStrategy] = useState(project.strategy)
  const [batchSize, setBatchSize] = useState(String(project.batch_size))
  const [autoPublish, setAutoPublish] = useState(project.auto_publish)
  const [genesis, setGenesis] = useState(project.genesis_enabled)
  const update = useUpdateSettings(project.id)

  function submit(event: FormEvent) {
    event.preventDefault()
    update.mutate({ strategy, batch_size: Number(batchSize), auto_publish: autoPublish, genesis_enabled: genesis })
  }

  return (
    <form className="card inline-form" onSubmit={submit} aria-labelledby="settings-title">
      <h3 id="settings-title">Round settings</h3>
      <RoundSettingsFields
        idPrefix=""
        strategy={strategy}
        onStrategy={setStrategy}
        batchSize={batchSize}
        onBatchSize={setBatchSize}
      />
      <AutoPublishField id="auto-publish" checked={autoPublish} onChange={setAutoPublish} />
      <label htmlFor="genesis-enabled">
        <input id="genesis-enabled" type="checkbox" checked={genesis} onChange={(e) => setGenesis(e.target.checked)} />{' '}
        Pre-train a Models Genesis backbone on this project&apos;s images before the first round
      </label>
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
