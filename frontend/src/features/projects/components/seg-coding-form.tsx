import { type FormEvent, useState } from 'react'
import type { CodedConcept, SegmentCoding } from '@/types/api'
import { useSaveSegCodes, useSegCodes } from '../api/seg-codes'
import {
  CATEGORIES,
  type ConceptChoice,
  conceptKey,
  conceptProblem,
  describeConcept,
  optionsWith,
  TYPES,
} from '../utils/seg-codes'

/**
 * The SNOMED CT coding of each label in the DICOM SEG files Radloop writes (segmented property category and type),
 * which viewers such as OHIF and 3D Slicer show and group segments by. Unset, a default from the label's name.
 */
export function SegCodingCard({ projectId }: { projectId: string }) {
  const codes = useSegCodes(projectId)
  return (
    <section className="card" aria-labelledby="seg-codes-title" data-testid="seg-coding">
      <h3 id="seg-codes-title">DICOM SEG coding</h3>
      <p className="muted">
        How each label is coded in the DICOM SEG files sent to the PACS or downloaded: its segmented property category
        and type (SNOMED CT). Viewers show segments by these codes.
      </p>
      {codes.isPending && <p role="status">Loading the coding…</p>}
      {codes.error && (
        <p role="alert" className="error">
          {codes.error.message}
        </p>
      )}
      {codes.data && <CodingForm key={JSON.stringify(codes.data)} projectId={projectId} codes={codes.data} />}
    </section>
  )
}

interface Choice {
  category: ConceptChoice
  type: ConceptChoice
}

function CodingForm({ projectId, codes }: { projectId: string; codes: SegmentCoding[] }) {
  const [choices, setChoices] = useState<Record<number, Choice>>(() =>
    Object.fromEntries(
      codes.map((c) => [c.value, c.default ? { category: null, type: null } : { category: c.category, type: c.type }]),
    ),
  )
  const [problem, setProblem] = useState<string | null>(null)
  const save = useSaveSegCodes(projectId)

  function submit(event: FormEvent) {
    event.preventDefault()
    for (const choice of Object.values(choices)) {
      for (const concept of [choice.category, choice.type]) {
        const found = concept && conceptProblem(concept)
        if (found) {
          setProblem(found)
          return
        }
      }
    }
    setProblem(null)
    save.mutate({ labels: codes.map((c) => ({ value: c.value, ...choices[c.value] })) })
  }

  const set = (value: number, field: keyof Choice, concept: ConceptChoice) =>
    setChoices((current) => ({ ...current, [value]: { ...current[value], [field]: concept } }))

  return (
    <form onSubmit={submit}>
      <table>
        <caption>Segment coding per label</caption>
        <thead>
          <tr>
            <th scope="col">Label</th>
            <th scope="col">Category</th>
            <th scope="col">Type</th>
          </tr>
        </thead>
        <tbody>
          {codes.map((c) => (
            <tr key={c.value} data-testid="seg-coding-row">
              <td>
                {c.value} {c.name}
              </td>
              <td>
                <ConceptPicker
                  id={`seg-category-${c.value}`}
                  label={`Category of ${c.name}`}
                  catalogue={CATEGORIES}
                  fallback={c.category}
                  value={choices[c.value].category}
                  onChange={(concept) => set(c.value, 'category', concept)}
                />
              </td>
              <td>
                <ConceptPicker
                  id={`seg-type-${c.value}`}
                  label={`Type of ${c.name}`}
                  catalogue={TYPES}
                  fallback={c.type}
                  value={choices[c.value].type}
                  onChange={(concept) => set(c.value, 'type', concept)}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="submit" disabled={save.isPending}>
        {save.isPending ? 'Saving…' : 'Save coding'}
      </button>
      {(problem ?? save.error) && (
        <p role="alert" className="error">
          {problem ?? save.error?.message}
        </p>
      )}
      {save.isSuccess && <p role="status">Coding saved; SEG files written from now on use it.</p>}
    </form>
  )
}

const DEFAULT = 'default'
const CUSTOM = 'custom'

/** A select of common concepts, "default" (the server's choice, shown) and "custom" (three inputs). */
function ConceptPicker({
  id,
  label,
  catalogue,
  fallback,
  value,
  onChange,
}: {
  id: string
  label: string
  catalogue: readonly CodedConcept[]
  /** What the server writes when nothing is chosen. */
  fallback: CodedConcept
  value: ConceptChoice
  onChange: (concept: ConceptChoice) => void
}) {
  const options = optionsWith(catalogue, value)
  const [custom, setCustom] = useState(false)
  const selected = custom ? CUSTOM : value === null ? DEFAULT : conceptKey(value)
  return (
    <div className="concept-picker">
      <select
        id={id}
        aria-label={label}
        value={selected}
        onChange={(e) => {
          const key = e.target.value
          setCustom(key === CUSTOM)
          if (key === DEFAULT) onChange(null)
          else if (key === CUSTOM) onChange(value ?? { ...fallback })
          else onChange(options.find((c) => conceptKey(c) === key) ?? null)
        }}
      >
        <option value={DEFAULT}>Default: {describeConcept(fallback)}</option>
        {options.map((c) => (
          <option key={conceptKey(c)} value={conceptKey(c)}>
            {describeConcept(c)}
          </option>
        ))}
        <option value={CUSTOM}>Other code…</option>
      </select>
      {custom && value && (
        <span className="concept-custom">
          <select
            aria-label={`${label}: coding scheme`}
            value={value.scheme}
            onChange={(e) => onChange({ ...value, scheme: e.target.value as CodedConcept['scheme'] })}
          >
            <option value="SCT">SCT</option>
            <option value="DCM">DCM</option>
          </select>
          <input
            aria-label={`${label}: code`}
            value={value.code}
            size={12}
            onChange={(e) => onChange({ ...value, code: e.target.value.trim() })}
          />
          <input
            aria-label={`${label}: meaning`}
            value={value.meaning}
            onChange={(e) => onChange({ ...value, meaning: e.target.value })}
          />
        </span>
      )}
    </div>
  )
}
