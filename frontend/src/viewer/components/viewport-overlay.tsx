import { useEffect, useState } from 'react'
import { type Convention, orientationMarkers } from '../engine/orientation'
import { formatIntensity, intensityUnit } from '../engine/readout'
import type { ViewerEngine, ViewerReadout } from '../engine/viewer-engine'

export interface StudyHeader {
  modality: string
  /** ISO date (shifted where the project de-identifies), or null when the files carry none. */
  studyDate: string | null
  studyDescription: string
  seriesDescription: string
}

const PLANE_NAMES = { axial: 'Axial', coronal: 'Coronal', sagittal: 'Sagittal', multiplanar: 'Multiplanar' } as const
const PLANE_SHORT = { axial: 'Ax', coronal: 'Cor', sagittal: 'Sag' } as const

/** The live read-outs from the engine: pushed by it at most once per animation frame. */
function useReadout(engine: ViewerEngine | null): ViewerReadout | null {
  const [readout, setReadout] = useState<ViewerReadout | null>(null)
  useEffect(() => {
    if (!engine) return
    return engine.on('readout', setReadout)
  }, [engine])
  return readout
}

/**
 * PACS-style corner text over the image: the de-identified study header (top left), the slice (top right),
 * window/level (bottom left) and the value under the pointer (bottom right); orientation letters at the edges of
 * a single-plane view (NiiVue labels the multiplanar tiles itself). No patient name or id is ever shown here.
 */
export function ViewportOverlay(props: { engine: ViewerEngine | null; header: StudyHeader; convention: Convention }) {
  const { engine, header, convention } = props
  const readout = useReadout(engine)
  const unit = intensityUnit(header.modality)
  const span = readout?.span ?? 1
  const plane = readout?.plane ?? 'axial'
  const markers = plane === 'multiplanar' ? null : orientationMarkers(plane, convention)
  return (
    <div className="viewport-overlay" data-testid="viewport-overlay">
      <div className="overlay-corner overlay-top-left" data-testid="overlay-header">
        <div>
          <strong>{header.modality}</strong>
          {header.studyDate ? ` · ${header.studyDate}` : ' · date unknown'}
        </div>
        {header.studyDescription && <div>{header.studyDescription}</div>}
        {header.seriesDescription && header.seriesDescription !== header.studyDescription && (
          <div>{header.seriesDescription}</div>
        )}
      </div>
      <div className="overlay-corner overlay-top-right">
        <div>{PLANE_NAMES[plane]}</div>
        <div data-testid="overlay-slice">
          {readout?.slices.length
            ? readout.slices.length === 1
              ? `Slice ${readout.slices[0].index} / ${readout.slices[0].total}`
              : readout.slices.map((s) => `${PLANE_SHORT[s.plane]} ${s.index}/${s.total}`).join(' · ')
            : 'Slice –'}
        </div>
      </div>
      <div className="overlay-corner overlay-bottom-left" data-testid="overlay-window">
        {readout?.window ? (
          <>
            W <span data-testid="overlay-window-width">{formatIntensity(readout.window.width, span)}</span> L{' '}
            <span data-testid="overlay-window-level">{formatIntensity(readout.window.level, span)}</span>
            {unit && ` ${unit}`}
          </>
        ) : (
          'W – L –'
        )}
      </div>
      <div className="overlay-corner overlay-bottom-right" data-testid="overlay-value">
        {readout?.cursor ? (
          <>
            Value <span data-testid="overlay-value-number">{formatIntensity(readout.cursor.value, span)}</span>
            {unit && ` ${unit}`}
          </>
        ) : (
          'Value – (point at the image)'
        )}
      </div>
      {markers && (
        <>
          <span className="orientation-marker marker-left" data-testid="orientation-left">
            {markers.left}
          </span>
          <span className="orientation-marker marker-right" data-testid="orientation-right">
            {markers.right}
          </span>
          <span className="orientation-marker marker-top" data-testid="orientation-top">
            {markers.top}
          </span>
          <span className="orientation-marker marker-bottom" data-testid="orientation-bottom">
            {markers.bottom}
          </span>
        </>
      )}
    </div>
  )
}
