import { type FormEvent, useState } from 'react'
import { useNavigate } from 'react-router'
import type { CostMode, Currency, Label, Strategy } from '@/types/api'
import { useCreateProject } from '../api/create-project'
import { defaultLabel, labelProblems } from '../utils/labels'
import { AutoPublishField } from './auto-publish-field'
import { RadiologistsField } from './radiologists-field'
import { CostFields } from './cost-fields'
import { RoundSettingsFields } from './round-settings-fields'

/**
 * A lead creates a project: modality, labels with colours, flat cost, cost by volume size or by predicted reading
 * time, and a budget in money or (flat cost only: a case's price is then known before any patient is imported) in
 * cases.
 */
export function CreateProjectForm() {
  const [name, setName] = useState('')
  const [modality, setModality] = useState('CT')
  const [labels, setLabels] = useState<Label[]>([defaultLabel(0)])
  const [currency, setCurrency] = useState<Currency>('EUR')
  const [costMode, setCostMode] = useState<CostMode>('flat')
  const [cost, setCost] = useState('10')
  const [perSlice, setPerSlice] = useState('0.05')
  const [perHour, setPerHour] = useState('60')
  const [unit, setUnit] = useState<'currency' | 'cases'>('currency')
  const [autoPublish, setAutoPublish] = useState(true)
  const [deidentify, setDeidentify] = useState(true)
  const [assignRadiologists, setAssignRadiologists] = useState(true)
  const [budget, setBudget] = useState('100')
  const [strategy, setStrategy] = useState<Strategy>('entropy')
  const [batchSize, setBatchSize] = useState('4')
  const [problems, setProblems] = useState<string[]>([])
  const create = useCreateProject()
  const navigate = useNavigate()

  function chooseCostMode(mode: CostMode) {
    setCostMode(mode)
    if (mode !== 'flat') setUnit('currency')
  }

  function setLabel(index: number, patch: Partial<Label>) {
    setLabels((current) => current.map((label, i) => (i === index ? { ...label, ...patch } : label)))
  }

  function submit(event: FormEvent) {
    event.preventDefault()
    const found = labelProblems(labels)
    setProblems(found)
    if (found.length > 0) return
    create.mutate(
      {
        name: name.trim(),
        modality: modality.trim(),
        labels: labels.map((l) => ({ ...l, name: l.name.trim() })),
        cost_per_patient: Number(cost),
        currency,
        cost_mode: costMode,
        cost_per_slice: costMode === 'volume' ? Number(perSlice) : 0,
        cost_per_hour: costMode === 'reading_time' ? Number(perHour) : 0,
        budget_total: unit === 'currency' ? Number(budget) : null,
        budget_cases: unit === 'cases' ? Number(budget) : null,
        strategy,
        batch_size: Number(batchSize),
        auto_publish: autoPublish,
        deidentify,
        assign_radiologists: assignRadiologists,
      },
      { onSuccess: (project) => void navigate(`/projects/${project.id}`) },
    )
  }

  return (
    <form className="card" onSubmit={submit} aria-labelledby="create-project-title" data-testid="create-project">
      <h2 id="create-project-title">New project</h2>
      <div className="inline-form">
        <label htmlFor="new-name">Name</label>
        <input id="new-name" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
        <label htmlFor="new-modality">Modality</label>
        <select id="new-modality" value={modality} onChange={(e) => setModality(e.target.value)}>
          {['CT', 'MR', 'PT', 'US', 'XR', 'OT'].map((m) => (
            <option key={m}>{m}</option>
          ))}
        </select>
      </div>
      <fieldset>
        <legend>Labels</legend>
        {labels.map((label, index) => (
          <div key={index} className="inline-form">
            <label htmlFor={`label-name-${index}`}>Label {label.value}</label>
            <input
              id={`label-name-${index}`}
              required
              value={label.name}
              onChange={(e) => setLabel(index, { name: e.target.value })}
            />
            <label htmlFor={`label-color-${index}`}>Colour</label>
            <input
              id={`label-color-${index}`}
              type="color"
              value={label.color}
              onChange={(e) => setLabel(index, { color: e.target.value })}
            />
            {labels.length > 1 && (
              <button type="button" onClick={() => setLabels(labels.filter((_, i) => i !== index))}>
                Remove
              </button>
            )}
          </div>
        ))}
        <button
          type="button"
          onClick={() => setLabels([...labels, defaultLabel(Math.max(0, ...labels.map((l) => l.value)))])}
        >
          Add label
        </button>
      </fieldset>
      <div className="inline-form">
        <CostFields
          idPrefix="new-"
          currency={currency}
          onCurrency={setCurrency}
          mode={costMode}
          onMode={chooseCostMode}
          cost={cost}
          onCost={setCost}
          perSlice={perSlice}
          onPerSlice={setPerSlice}
          perHour={perHour}
          onPerHour={setPerHour}
        />
      </div>
      <div className="inline-form">
        <label htmlFor="new-budget">Total budget</label>
        <input
          id="new-budget"
          type="number"
          min="0"
          step={unit === 'cases' ? '1' : '0.01'}
          required
          value={budget}
          onChange={(e) => setBudget(e.target.value)}
        />
        <label htmlFor="new-unit">in</label>
        <select id="new-unit" value={unit} onChange={(e) => setUnit(e.target.value as 'currency' | 'cases')}>
          <option value="currency">{currency}</option>
          {costMode === 'flat' && <option value="cases">cases</option>}
        </select>
      </div>
      <div className="inline-form">
        <RoundSettingsFields
          idPrefix="new-"
          strategy={strategy}
          onStrategy={setStrategy}
          batchSize={batchSize}
          onBatchSize={setBatchSize}
        />
        <AutoPublishField id="new-auto-publish" checked={autoPublish} onChange={setAutoPublish} />
        <label htmlFor="new-deidentify" title="PS3.15 basic profile: pseudonyms, shifted dates, no descriptions">
          <input
            id="new-deidentify"
            type="checkbox"
            checked={deidentify}
            onChange={(e) => setDeidentify(e.target.checked)}
          />{' '}
          De-identify DICOM on import (readers see pseudonyms; leads can look up identities, audited)
        </label>
        <RadiologistsField checked={assignRadiologists} onChange={setAssignRadiologists} />
        <button type="submit" disabled={create.isPending}>
          Create project
        </button>
      </div>
      {problems.map((p) => (
        <p key={p} role="alert" className="error">
          {p}
        </p>
      ))}
      {create.error && (
        <p role="alert" className="error">
          {create.error.message}
        </p>
      )}
    </form>
  )
}
