import { useEffect, useState } from 'react'
import type { PatientDetail } from '@/types/api'
import { Viewport } from '@/viewer/components/viewport'
import { ViewportOverlay } from '@/viewer/components/viewport-overlay'
import { loadConvention } from '@/viewer/engine/orientation'
import type { ViewerEngine } from '@/viewer/engine/viewer-engine'
import { useMaskViewer } from '../hooks/use-mask-viewer'
import type { MaskOption } from '../utils/mask-versions'
import { MaskVersionList } from './mask-version-list'
import { ShownVolumes } from './shown-volumes'

/**
 * The read-only viewer: the image with one mask version over it, the list of versions to switch between, and what
 * the shown one holds. It reads and never writes: no reservation, no draft, no drawing tools (the engine stays on
 * its navigate tool: scroll, zoom, window/level with the right button).
 */
export function PatientBrowser(props: {
  patient: PatientDetail
  options: readonly MaskOption[]
  selected: MaskOption
  onSelect: (option: MaskOption) => void
}) {
  const { patient, options, selected, onSelect } = props
  const [engine, setEngine] = useState<ViewerEngine | null>(null)
  // The reader's own left/right convention, as the workspace saved it.
  const [convention] = useState(() => loadConvention(() => window.localStorage))
  useEffect(() => engine?.setConvention(convention), [engine, convention])
  const shown = useMaskViewer(engine, patient, selected)
  const ready = engine !== null && shown.kind === 'shown'
  return (
    <div className="workspace">
      <div className="viewer-column">
        <Viewport onEngine={setEngine} label={`Image of patient ${patient.external_id} (read-only)`}>
          {/* Subscribed from the start: the first read-out is pushed as the image is drawn, before `ready`. */}
          <ViewportOverlay
            engine={engine}
            header={{
              modality: patient.modality,
              studyDate: patient.study_date ?? null,
              studyDescription: patient.study_description ?? '',
              seriesDescription: patient.series_description ?? '',
            }}
            convention={convention}
          />
        </Viewport>
        <p
          role="status"
          className="viewer-status"
          data-testid="shown-mask"
          data-mask={shown.kind === 'shown' ? shown.key : undefined}
        >
          {shown.kind === 'loading' && `Loading ${selected.label.toLowerCase()}…`}
          {shown.kind === 'shown' && `Showing ${selected.label}: ${selected.detail}.`}
        </p>
        {shown.kind === 'error' && (
          <p role="alert" className="error">
            Could not show {selected.label}: {shown.message}
          </p>
        )}
      </div>
      <aside className="tools-column">
        <MaskVersionList options={options} selected={selected} onSelect={onSelect} />
        <ShownVolumes engine={engine} ready={ready} labels={patient.labels} />
      </aside>
    </div>
  )
}
