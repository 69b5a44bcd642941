import { useCallback, useEffect, useRef, useState } from 'react'
import type { Label } from '@/types/api'
import { loadConvention, saveConvention } from '@/viewer/engine/orientation'
import type { CompareKind, ViewerEngine } from '@/viewer/engine/viewer-engine'
import type { ToolState, ToolbarProps } from '../components/annotation-toolbar'
import type { HotkeyAction } from '../utils/hotkeys'
import {
  LABEL_TOOL_NAMES,
  type LabelTool,
  describeClose,
  describeGrow,
  describeIslands,
  describeSliceFill,
  islandMinVoxels,
  labelToolReasons,
} from '../utils/label-tools'
import { useAnnotationHotkeys } from './use-annotation-hotkeys'
import { useLabelVolumes } from '@/viewer/hooks/use-label-volumes'

export interface ViewerControls {
  state: ToolState
  change: (patch: Partial<ToolState>) => void
  zoom: number
  canRedo: boolean
  helpOpen: boolean
  setHelpOpen: (open: boolean) => void
  doZoom: (factor: number) => void
  fill: () => void
  pickFillRange: () => void
  /** Why each label tool cannot run now (null: it can). */
  labelToolReasons: Record<LabelTool, string | null>
  /** The active label as the tools name it, e.g. "1 (Anterior)". */
  labelName: string
  runLabelTool: (tool: LabelTool) => void
}

/** The toolbar's wiring to the controls and the engine, the same on every page that edits a mask. */
export function toolbarBindings(
  controls: ViewerControls,
  engine: ViewerEngine | null,
): Omit<ToolbarProps, 'labels' | 'hasUncertainty' | 'hasPrediction' | 'modality'> {
  return {
    state: controls.state,
    canRedo: controls.canRedo,
    zoom: controls.zoom,
    onChange: controls.change,
    onUndo: () => engine?.undo(),
    onRedo: () => engine?.redo(),
    onSlice: (delta) => engine?.scrollSlice(delta),
    onResetContrast: () => engine?.resetContrast(),
    onZoom: controls.doZoom,
    onFill: controls.fill,
    onPickFillRange: controls.pickFillRange,
    onHelp: () => controls.setHelpOpen(true),
    labelName: controls.labelName,
    labelToolReasons: controls.labelToolReasons,
    onLabelTool: controls.runLabelTool,
  }
}

/**
 * The toolbar's settings and the viewer actions behind the buttons and hotkeys. React keeps only these small
 * settings and pushes them into the engine; the voxels never leave it. `ready`: the case is loaded in `engine`.
 */
export function useViewerControls(options: {
  engine: ViewerEngine | null
  ready: boolean
  labels: Label[]
  modality: string
  hasUncertainty: boolean
  /** The model's prediction is loaded as an overlay to compare with (the reviewer's workspace). */
  hasPrediction?: boolean
  /** J/K/L: the reviewer of a double-read case shows or hides a read's or the consensus's outline. */
  onToggleOutline?: (kind: CompareKind) => void
  onMessage: (message: string) => void
}): ViewerControls {
  const { engine, ready, labels, modality, hasUncertainty, hasPrediction = false, onToggleOutline, onMessage } = options
  const [state, setState] = useState<ToolState>(() => ({
    tool: 'navigate',
    labelValue: labels[0]?.value ?? 1,
    penSize: 3,
    opacity: 0.6,
    showUncertainty: false,
    showPrediction: false,
    plane: 'axial',
    windowPreset: 'auto',
    rightDrag: 'contrast',
    fillLow: 0,
    fillHigh: 0,
    islandMin: 10,
    islandUnit: 'voxels',
    closeRadiusMm: 2,
    convention: loadConvention(() => window.localStorage),
  }))
  const [helpOpen, setHelpOpen] = useState(false)
  const [zoom, setZoom] = useState(1)
  const canRedo = useCanRedo(engine, ready)
  useEngineSettings(ready ? engine : null, state, modality)
  const change = useCallback((patch: Partial<ToolState>) => setState((s) => ({ ...s, ...patch })), [])
  const volumes = useLabelVolumes(engine, ready)
  const active = labels.find((label) => label.value === state.labelValue)
  const labelName = active ? `${active.value} (${active.name})` : String(state.labelValue)
  const reasons = labelToolReasons({
    plane: state.plane,
    labelName,
    labelVoxels: volumes?.counts[state.labelValue] ?? 0,
    fillLow: state.fillLow,
    fillHigh: state.fillHigh,
    islandMin: state.islandMin,
    closeRadiusMm: state.closeRadiusMm,
  })

  function doZoom(factor: number) {
    if (!engine) return
    engine.zoom(factor)
    setZoom(engine.getZoom())
  }

  function pickFillRange() {
    if (!engine) return
    const value = engine.crosshairIntensity()
    const window = engine.getWindow()
    if (value === null || !window) return
    const half = Math.max(1e-3, (window[1] - window[0]) * 0.1)
    change({ fillLow: Number((value - half).toFixed(2)), fillHigh: Number((value + half).toFixed(2)) })
  }

  function fill() {
    if (!engine) return
    const painted = engine.fillRegion(state.fillLow, state.fillHigh)
    onMessage(
      painted ? `Filled ${painted} voxels.` : 'Nothing filled: the crosshair voxel is outside the intensity range.',
    )
  }

  /** The buttons and hotkeys of the label tools: a tool that does not apply says why instead of running. */
  function runLabelTool(tool: LabelTool) {
    if (!engine || !ready) return
    const reason = reasons[tool]
    if (reason) return onMessage(`${LABEL_TOOL_NAMES[tool]}: ${reason}`)
    const label = state.labelValue
    if (tool === 'fill-between') onMessage(describeSliceFill(engine.fillBetweenSlices(label), state.plane, labelName))
    if (tool === 'grow-3d')
      onMessage(describeGrow(engine.growRegion3D(label, state.fillLow, state.fillHigh), labelName))
    if (tool === 'remove-islands') {
      const minVoxels = islandMinVoxels(state.islandMin, state.islandUnit, volumes?.voxelMm3 ?? 1)
      onMessage(describeIslands(engine.removeSmallIslands(label, minVoxels), labelName))
    }
    if (tool === 'smooth') {
      onMessage(describeClose(engine.closeLabel(label, state.closeRadiusMm), state.closeRadiusMm, labelName))
    }
  }

  useAnnotationHotkeys((action: HotkeyAction) => {
    if (action === 'help') return setHelpOpen((open) => !open)
    if (!ready || !engine) return
    const actions: Record<HotkeyAction, () => void> = {
      brush: () => change({ tool: 'brush' }),
      eraser: () => change({ tool: 'eraser' }),
      navigate: () => change({ tool: 'navigate' }),
      ruler: () => change({ tool: 'ruler' }),
      undo: () => engine.undo(),
      redo: () => engine.redo(),
      'next-slice': () => engine.scrollSlice(1),
      'previous-slice': () => engine.scrollSlice(-1),
      'reset-contrast': () => engine.resetContrast(),
      'toggle-uncertainty': () => hasUncertainty && setState((s) => ({ ...s, showUncertainty: !s.showUncertainty })),
      'toggle-prediction': () => hasPrediction && setState((s) => ({ ...s, showPrediction: !s.showPrediction })),
      'toggle-read-1': () => onToggleOutline?.('read-1'),
      'toggle-read-2': () => onToggleOutline?.('read-2'),
      'toggle-consensus': () => onToggleOutline?.('consensus'),
      'bigger-brush': () => setState((s) => ({ ...s, penSize: Math.min(15, s.penSize + 1) })),
      'smaller-brush': () => setState((s) => ({ ...s, penSize: Math.max(1, s.penSize - 1) })),
      help: () => setHelpOpen((open) => !open),
      'zoom-in': () => doZoom(1.25),
      'zoom-out': () => doZoom(1 / 1.25),
      'zoom-reset': () => doZoom(1),
      fill,
      'fill-between': () => runLabelTool('fill-between'),
      'grow-3d': () => runLabelTool('grow-3d'),
      'remove-islands': () => runLabelTool('remove-islands'),
      smooth: () => runLabelTool('smooth'),
      'plane-axial': () => change({ plane: 'axial' }),
      'plane-coronal': () => change({ plane: 'coronal' }),
      'plane-sagittal': () => change({ plane: 'sagittal' }),
      'plane-multiplanar': () => change({ plane: 'multiplanar' }),
    }
    actions[action]()
  })

  return {
    state,
    change,
    zoom,
    canRedo,
    helpOpen,
    setHelpOpen,
    doZoom,
    fill,
    pickFillRange,
    labelToolReasons: reasons,
    labelName,
    runLabelTool,
  }
}

/** One effect per setting, so changing the pen size does not also re-send the plane. `engine`: null until loaded. */
function useEngineSettings(engine: ViewerEngine | null, state: ToolState, modality: string) {
  useEffect(() => engine?.setTool(state.tool, state.labelValue), [engine, state.tool, state.labelValue])
  useEffect(() => engine?.setPenSize(state.penSize), [engine, state.penSize])
  useEffect(() => engine?.setDrawOpacity(state.opacity), [engine, state.opacity])
  useEffect(() => engine?.setPlane(state.plane), [engine, state.plane])
  useEffect(() => engine?.setOverlayVisible(state.showUncertainty), [engine, state.showUncertainty])
  useEffect(() => engine?.setOverlayVisible(state.showPrediction, 1, 'prediction'), [engine, state.showPrediction])
  // The first 'auto' is what the loader already shows; re-applying it would re-upload the whole volume texture.
  const appliedPreset = useRef<string>('auto')
  useEffect(() => {
    if (!engine || appliedPreset.current === state.windowPreset) return
    appliedPreset.current = state.windowPreset
    engine.applyWindowPreset(state.windowPreset, modality)
  }, [engine, state.windowPreset, modality])
  useEffect(() => engine?.setRightDrag(state.rightDrag), [engine, state.rightDrag])
  useEffect(() => engine?.setConvention(state.convention), [engine, state.convention])
  useEffect(() => saveConvention(() => window.localStorage, state.convention), [state.convention])
}

/** Whether the engine has an undone edit to redo, refreshed after every edit. */
function useCanRedo(engine: ViewerEngine | null, ready: boolean): boolean {
  const [canRedo, setCanRedo] = useState(false)
  useEffect(() => {
    if (!ready || !engine) return
    return engine.on('labelmapEdited', () => setCanRedo(engine.canRedo()))
  }, [ready, engine])
  return canRedo
}
