import { MAX_CLOSE_RADIUS_MM } from '@/viewer/engine/morphology'
import type { Convention } from '@/viewer/engine/orientation'
import type { RightDrag, Tool, ViewPlane } from '@/viewer/engine/viewer-engine'
import { presetsFor, type WindowPresetName } from '@/viewer/engine/window-presets'
import type { Label } from '@/types/api'
import { type IslandUnit, LABEL_TOOL_NAMES, type LabelTool, groupedReasons } from '../utils/label-tools'

export interface ToolState {
  tool: Tool
  labelValue: number
  penSize: number
  opacity: number
  showUncertainty: boolean
  /** The model prediction overlay, where the page offers one (a reviewer compares a read with it). */
  showPrediction: boolean
  plane: ViewPlane
  windowPreset: WindowPresetName
  rightDrag: RightDrag
  fillLow: number
  fillHigh: number
  /** Remove-islands threshold: pieces of the label below this size go. */
  islandMin: number
  islandUnit: IslandUnit
  /** Smooth: the closing ball's radius. */
  closeRadiusMm: number
  convention: Convention
}

export interface ToolbarProps {
  state: ToolState
  labels: Label[]
  hasUncertainty: boolean
  /** Whether the prediction overlay is loaded; leave it out where the page offers none (a reader edits the
   * prediction itself). */
  hasPrediction?: boolean
  onChange: (patch: Partial<ToolState>) => void
  modality: string
  canRedo: boolean
  zoom: number
  onUndo: () => void
  onRedo: () => void
  onSlice: (delta: number) => void
  onResetContrast: () => void
  onZoom: (factor: number) => void
  onFill: () => void
  onPickFillRange: () => void
  onHelp: () => void
  /** The active label, e.g. "1 (Anterior)", and why each label tool is unavailable (null: available). */
  labelName: string
  labelToolReasons: Record<LabelTool, string | null>
  onLabelTool: (tool: LabelTool) => void
}

const TOOLS: { tool: Tool; label: string; hotkey: string }[] = [
  { tool: 'navigate', label: 'Navigate', hotkey: 'N' },
  { tool: 'brush', label: 'Brush', hotkey: 'B' },
  { tool: 'eraser', label: 'Eraser', hotkey: 'E' },
  { tool: 'ruler', label: 'Ruler', hotkey: 'M' },
]

export function AnnotationToolbar(props: ToolbarProps) {
  const { state, labels, hasUncertainty, hasPrediction, onChange, onUndo, onSlice, onResetContrast } = props
  const { modality, canRedo, zoom, onRedo, onZoom, onFill, onPickFillRange, onHelp } = props
  const { labelName, labelToolReasons: reasons, onLabelTool } = props
  const reasonGroups = groupedReasons(reasons)
  /** A label tool's button; when it does not apply, disabled with its reason (title and the list below). */
  const toolButton = (tool: LabelTool, hotkey: string, text: string, hint: string) => {
    const reason = reasons[tool]
    const group = reasonGroups.findIndex((g) => g.tools.includes(tool))
    return (
      <button
        type="button"
        data-testid={`tool-${tool}`}
        aria-keyshortcuts={hotkey}
        disabled={reason !== null}
        title={reason ? `${LABEL_TOOL_NAMES[tool]}: ${reason}` : hint}
        aria-describedby={group >= 0 ? `label-tool-reason-${group}` : undefined}
        onClick={() => onLabelTool(tool)}
      >
        {text} <kbd>{hotkey}</kbd>
      </button>
    )
  }
  return (
    <div className="toolbar" role="toolbar" aria-label="Annotation tools">
      <fieldset>
        <legend>Tool</legend>
        {TOOLS.map(({ tool, label, hotkey }) => (
          <button
            key={tool}
            type="button"
            data-testid={`tool-${tool}`}
            aria-pressed={state.tool === tool}
            aria-keyshortcuts={hotkey}
            onClick={() => onChange({ tool })}
          >
            {label} <kbd>{hotkey}</kbd>
          </button>
        ))}
        <button type="button" data-testid="tool-undo" aria-keyshortcuts="Control+Z" onClick={onUndo}>
          Undo <kbd>Ctrl+Z</kbd>
        </button>
        <button
          type="button"
          data-testid="tool-redo"
          aria-keyshortcuts="Control+Y"
          disabled={!canRedo}
          onClick={onRedo}
        >
          Redo <kbd>Ctrl+Y</kbd>
        </button>
        <button type="button" data-testid="tool-help" aria-keyshortcuts="?" onClick={onHelp}>
          Help <kbd>?</kbd>
        </button>
      </fieldset>

      <fieldset>
        <legend>Brush label</legend>
        {labels.map((label) => (
          <label key={label.value} className="label-option">
            <input
              type="radio"
              name="brush-label"
              data-testid={`label-${label.value}`}
              value={label.value}
              checked={state.labelValue === label.value}
              onChange={() => onChange({ labelValue: label.value, tool: 'brush' })}
            />
            <span className="swatch" style={{ background: label.color }} aria-hidden="true" />
            {label.value} {label.name}
          </label>
        ))}
        <label htmlFor="pen-size">Brush size</label>
        <input
          id="pen-size"
          data-testid="tool-pen-size"
          type="range"
          min={1}
          max={15}
          value={state.penSize}
          onChange={(e) => onChange({ penSize: Number(e.target.value) })}
        />
        <output htmlFor="pen-size">{state.penSize} px</output>
      </fieldset>

      <fieldset>
        <legend>Fill within intensity range</legend>
        <label htmlFor="fill-low">From</label>
        <input
          id="fill-low"
          data-testid="fill-low"
          type="number"
          value={state.fillLow}
          onChange={(e) => onChange({ fillLow: Number(e.target.value) })}
        />
        <label htmlFor="fill-high">To</label>
        <input
          id="fill-high"
          data-testid="fill-high"
          type="number"
          value={state.fillHigh}
          onChange={(e) => onChange({ fillHigh: Number(e.target.value) })}
        />
        <button type="button" data-testid="fill-pick" onClick={onPickFillRange}>
          Range around crosshair
        </button>
        <button type="button" data-testid="tool-fill" aria-keyshortcuts="F" onClick={onFill}>
          Fill at crosshair <kbd>F</kbd>
        </button>
        {toolButton(
          'grow-3d',
          'G',
          'Grow in 3D at crosshair',
          `Paints label ${labelName} into the connected voxels of every slice within the range; other labels stop it.`,
        )}
      </fieldset>

      <fieldset>
        <legend>Edit label {labelName}</legend>
        {toolButton(
          'fill-between',
          'I',
          'Fill between slices',
          'Interpolates the label across the empty slices between the slices it is painted on, along this view.',
        )}
        <label htmlFor="island-min">Islands below</label>
        <input
          id="island-min"
          data-testid="island-min"
          type="number"
          min={0}
          step={1}
          value={state.islandMin}
          onChange={(e) => onChange({ islandMin: Number(e.target.value) })}
        />
        <select
          aria-label="Island size unit"
          data-testid="island-unit"
          value={state.islandUnit}
          onChange={(e) => onChange({ islandUnit: e.target.value as IslandUnit })}
        >
          <option value="voxels">voxels</option>
          <option value="mm3">mm³</option>
        </select>
        {toolButton(
          'remove-islands',
          'D',
          'Remove islands',
          'Clears the separate pieces of the label smaller than this size; the largest piece always stays.',
        )}
        <label htmlFor="close-radius">Close gaps up to</label>
        <input
          id="close-radius"
          data-testid="close-radius"
          type="number"
          min={0.5}
          max={MAX_CLOSE_RADIUS_MM}
          step={0.5}
          value={state.closeRadiusMm}
          onChange={(e) => onChange({ closeRadiusMm: Number(e.target.value) })}
        />
        <span>mm</span>
        {toolButton(
          'smooth',
          'S',
          'Smooth (close)',
          'Fills the holes and notches of the label narrower than the radius; it never paints over another label.',
        )}
        {reasonGroups.length > 0 && (
          <ul className="muted tool-reasons" data-testid="label-tool-reasons">
            {reasonGroups.map(({ tools, reason }, index) => (
              <li key={reason} id={`label-tool-reason-${index}`}>
                {tools.map((tool) => LABEL_TOOL_NAMES[tool]).join(', ')}: {reason}
              </li>
            ))}
          </ul>
        )}
      </fieldset>

      <fieldset>
        <legend>Display</legend>
        <label htmlFor="draw-opacity">Label opacity</label>
        <input
          id="draw-opacity"
          data-testid="tool-opacity"
          type="range"
          min={0}
          max={1}
          step={0.05}
          value={state.opacity}
          onChange={(e) => onChange({ opacity: Number(e.target.value) })}
        />
        <label htmlFor="plane">View</label>
        <select
          id="plane"
          data-testid="tool-plane"
          value={state.plane}
          onChange={(e) => onChange({ plane: e.target.value as ViewPlane })}
        >
          <option value="axial">Axial</option>
          <option value="coronal">Coronal</option>
          <option value="sagittal">Sagittal</option>
          <option value="multiplanar">Multiplanar</option>
        </select>
        <button type="button" data-testid="tool-slice-prev" onClick={() => onSlice(-1)} aria-label="Previous slice">
          ◀ Slice
        </button>
        <button type="button" data-testid="tool-slice-next" onClick={() => onSlice(1)} aria-label="Next slice">
          Slice ▶
        </button>
        <button type="button" data-testid="tool-reset-contrast" onClick={onResetContrast}>
          Reset contrast
        </button>
        <label htmlFor="window-preset">Window/level</label>
        <select
          id="window-preset"
          data-testid="tool-window"
          value={state.windowPreset}
          onChange={(e) => onChange({ windowPreset: e.target.value as WindowPresetName })}
        >
          {presetsFor(modality).map((preset) => (
            <option key={preset.name} value={preset.name}>
              {preset.label}
            </option>
          ))}
        </select>
        <label htmlFor="right-drag">Right-drag</label>
        <select
          id="right-drag"
          data-testid="tool-right-drag"
          value={state.rightDrag}
          onChange={(e) => onChange({ rightDrag: e.target.value as RightDrag })}
        >
          <option value="contrast">Window/level</option>
          <option value="pan">Pan</option>
        </select>
        <label htmlFor="convention">Left–right</label>
        <select
          id="convention"
          data-testid="tool-convention"
          value={state.convention}
          onChange={(e) => onChange({ convention: e.target.value as Convention })}
        >
          <option value="radiological">Radiological (patient right on screen left)</option>
          <option value="neurological">Neurological (patient left on screen left)</option>
        </select>
        <button type="button" data-testid="tool-zoom-out" aria-label="Zoom out" onClick={() => onZoom(1 / 1.25)}>
          −
        </button>
        <output data-testid="zoom-level" aria-label="Zoom">
          {Math.round(zoom * 100)}%
        </output>
        <button type="button" data-testid="tool-zoom-in" aria-label="Zoom in" onClick={() => onZoom(1.25)}>
          +
        </button>
        <button type="button" data-testid="tool-zoom-reset" onClick={() => onZoom(1)}>
          Reset view
        </button>
        <label className="checkbox">
          <input
            type="checkbox"
            data-testid="tool-uncertainty"
            disabled={!hasUncertainty}
            checked={state.showUncertainty}
            onChange={(e) => onChange({ showUncertainty: e.target.checked })}
          />
          Uncertainty overlay{hasUncertainty ? '' : ' (none)'}
        </label>
        {hasPrediction !== undefined && (
          <label className="checkbox">
            <input
              type="checkbox"
              data-testid="tool-prediction"
              aria-keyshortcuts="P"
              disabled={!hasPrediction}
              checked={state.showPrediction}
              onChange={(e) => onChange({ showPrediction: e.target.checked })}
            />
            Model prediction{hasPrediction ? ' (cyan outline)' : ' (none)'} <kbd>P</kbd>
          </label>
        )}
      </fieldset>
    </div>
  )
}
