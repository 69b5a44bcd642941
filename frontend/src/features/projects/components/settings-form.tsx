import { type FormEvent, useState } from 'react'
import type { Project, SelectionObjective } from '@/types/api'
import { useUpdateSettings } from '../api/update-settings'
import { optionalText, percentText, settingsInput } from '../utils/settings'
import { AutoPublishField } from './auto-publish-field'
import { DoubleReadFields } from './double-read-fields'
import { ReviewRequiredField } from './review-required-field'
import { RoundSettingsFields } from './round-settings-fields'

/**
 * How the next round selects (strategy, batch size, by score or by value per cost), whether its selection is
 * published at once or waits for the lead's approval, the two thresholds the dashboard's forecast judges the
 * remaining budget by, whether readers' masks wait for a reviewer before they count, and (with review) how many
 * cases a second reader reads too.
 */
export function SettingsForm({ project }: { project: Project }) {
  const [strategy, setStrategy] = useState(project.strategy)
  const [batchSize, setBatchSize] = useState(String(project.batch_size))
  const [autoPublish, setAutoPublish] = useState(project.auto_publish)
  const [genesis, setGenesis] = useState(project.genesis_enabled)
  const [objective, setObjective] = useState<SelectionObjective>(project.selection_objective)
  const [targetDice, setTargetDice] = useState(optionalText(project.target_dice))
  const [stopGain, setStopGain] = useState(optionalText(project.stop_gain_per_100))
  const [reviewRequired, setReviewRequired] = useState(project.review_required ?? false)
  const [doubleReadPercent, setDoubleReadPercent] = useState(percentText(project.double_read_fraction))
  const [doubleReadRule, setDoubleReadRule] = useState(project.double_read_rule)
  const [consensusMethod, setConsensusMethod] = useState(project.consensus_method)
  const update = useUpdateSettings(project.id)

  /** Shows what the server stored; the form stays mounted so its "Settings saved." is seen. */
  function showSaved(saved: Project) {
    setStrategy(saved.strategy)
    setBatchSize(String(saved.batch_size))
    setAutoPublish(saved.auto_publish)
    setGenesis(saved.genesis_enabled)
    setObjective(saved.selection_objective)
    setTargetDice(optionalText(saved.target_dice))
    setStopGain(optionalText(saved.stop_gain_per_100))
    setReviewRequired(saved.review_required ?? false)
    setDoubleReadPercent(percentText(saved.double_read_fraction))
    setDoubleReadRule(saved.double_read_rule)
    setConsensusMethod(saved.consensus_method)
  }

  function submit(event: FormEvent) {
    event.preventDefault()
    const fields = {
      ...{ strategy, batchSize, autoPublish, genesis, objective, targetDice, stopGain, reviewRequired },
      ...{ doubleReadPercent, doubleReadRule, consensusMethod },
    }
    update.mutate(settingsInput(fields), { onSuccess: showSaved })
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
        objective={objective}
        onObjective={setObjective}
      />
      <AutoPublishField id="auto-publish" checked={autoPublish} onChange={setAutoPublish} />
      <label htmlFor="genesis-enabled">
        <input id="genesis-enabled" type="checkbox" checked={genesis} onChange={(e) => setGenesis(e.target.checked)} />{' '}
        Pre-train a Models Genesis backbone on this project&apos;s images before the first round
      </label>
      <ReviewRequiredField id="review-required" checked={reviewRequired} onChange={setReviewRequired} />
      {reviewRequired && (
        <DoubleReadFields
          percent={doubleReadPercent}
          onPercent={setDoubleReadPercent}
          rule={doubleReadRule}
          onRule={setDoubleReadRule}
          consensus={consensusMethod}
          onConsensus={setConsensusMethod}
        />
      )}
      <fieldset className="inline-form">
        <legend>Forecast</legend>
        <label htmlFor="target-dice">Target Dice</label>
        <input
          id="target-dice"
          type="number"
          min="0"
          max="1"
          step="any"
          placeholder="none"
          aria-describedby="forecast-hint"
          value={targetDice}
          onChange={(e) => setTargetDice(e.target.value)}
        />
        <label htmlFor="stop-gain">Stop below a gain per 100 of</label>
        <input
          id="stop-gain"
          type="number"
          min="0"
          step="any"
          placeholder="none"
          aria-describedby="forecast-hint"
          value={stopGain}
          onChange={(e) => setStopGain(e.target.value)}
        />
        <p id="forecast-hint" className="muted">
          Both optional (empty: not set). The dashboard estimates the budget needed to reach the target Dice, and
          recommends stopping once another 100 of budget is expected to add less validation Dice than the threshold
          (e.g. 0.01).
        </p>
      </fieldset>
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
