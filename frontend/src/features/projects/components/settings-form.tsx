import { type FormEvent, useState } from 'react'
import type { Project } from '@/types/api'
import { useUpdateSettings } from '../api/update-settings'
import { RoundSettingsFields } from './round-settings-fields'

export function SettingsForm({ project }: { project: Project }) {
  const [strategy, setStrategy] = useState(project.strategy)
  const [batchSize, setBatchSize] = useState(String(project.batch_size))
  const update = useUpdateSettings(project.id)

  function submit(event: FormEvent) {
    event.preventDefault()
    update.mutate({ strategy, batch_size: Number(batchSize) })
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
