/**
 * The only module that talks to NiiVue. React components hold a ViewerEngine in a ref and call its typed
 * methods; they never reach into the library, so swapping or upgrading the renderer stays local to this file.
 */
import { DRAG_MODE, NVImage, Niivue, SLICE_TYPE, cmapper } from '@niivue/niivue'
import { quantiles, tissueQuantiles } from './intensity'
import { buildLabelColormap, type LabelLike, spatialShape } from './label-colormap'
import { type LabelCounts, LabelVolumeTracker, voxelVolumeMm3 } from './label-volume'
import type { Convention, SinglePlane } from './orientation'
import { type SlicePosition, slicePosition } from './readout'
import { type IslandResult, removeSmallIslands } from './islands'
import type { Dims } from './label-crop'
import { closeLabel } from './morphology'
import { type LabelArray, type NormalAxis, inPlaneOutline, normalAxis } from './outline'
import { regionGrow3D, regionGrowSlice } from './region-grow'
import { type SliceFillResult, fillBetweenSlices } from './slice-interpolation'
import { type VolumeLevel, measured, skipVolumeRenderGradient, waitForGpu, windowToCarry } from './volume-loader'
import { type WindowPresetName, presetsFor, windowLevel, windowRange } from './window-presets'

export type Tool = 'navigate' | 'brush' | 'eraser' | 'ruler'
export type RightDrag = 'contrast' | 'pan'
export type ViewPlane = 'axial' | 'coronal' | 'sagittal' | 'multiplanar'
/** Maps drawn over the image beside the drawing: the uncertainty behind a case's score, the model's prediction. */
/** A mask a double-read case's reviewer compares with: each read and the consensus, drawn as outlines. */
export type CompareKind = 'read-1' | 'read-2' | 'consensus'
export type OverlayKind = 'uncertainty' | 'prediction' | CompareKind

/** Outline colour (RGB) of each label-map overlay: distinct, so two masks outlined at once can be told apart. */
export const OUTLINE_COLOURS: Record<Exclude<OverlayKind, 'uncertainty'>, readonly [number, number, number]> = {
  prediction: [0, 220, 255],
  'read-1': [255, 150, 0],
  'read-2': [255, 0, 220],
  consensus: [160, 255, 0],
}

/** NIfTI's intent code of a label map, and the voxel types NiiVue's label (atlas) shaders read: uint8, int16, uint16. */
const NIFTI_INTENT_LABEL = 1002
const INTEGER_LABEL_TYPES = new Set([2, 4, 512])

/** What the viewport's corners show; recomputed at most once per animation frame. */
export interface ViewerReadout {
  plane: ViewPlane
  /** The current plane's slice, or all three in the multiplanar view. */
  slices: SlicePosition[]
  window: { width: number; level: number; min: number; max: number } | null
  /** The image value under the mouse pointer (scaled by the NIfTI slope/intercept), null off the image. */
  cursor: { value: number; voxel: [number, number, number] } | null
  /** Display range of the image, to choose how many decimals the values need. */
  span: number
}

export interface LabelVolumes {
  /** Voxels per label value (index = value). */
  counts: LabelCounts
  voxelMm3: number
}

export interface ViewerEvents {
  rendered: undefined
  labelmapEdited: { action: string }
  readout: ViewerReadout
  labelVolumes: LabelVolumes
  /** Lengths (mm) of the ruler measurements on screen, oldest first. */
  measurements: number[]
}

/** A label map drawn as outlines, as loaded, and the voxel axis its outline is drawn across now. */
interface OutlineSource {
  labels: LabelArray
  dims: Dims
  axis: NormalAxis | null
}

type Listener<K extends keyof ViewerEvents> = (payload: ViewerEvents[K]) => void

const PLANES: Record<ViewPlane, SLICE_TYPE> = {
  axial: SLICE_TYPE.AXIAL,
  coronal: SLICE_TYPE.CORONAL,
  sagittal: SLICE_TYPE.SAGITTAL,
  multiplanar: SLICE_TYPE.MULTIPLANAR,
}

export class ViewerEngine {
  private readonly nv: Niivue
  private readonly listeners = new Map<keyof ViewerEvents, Set<Listener<keyof ViewerEvents>>>()
  private plane: ViewPlane = 'axial'
  private penValue = 1
  private tool: Tool = 'navigate'
  private readonly overlays = new Map<OverlayKind, NVImage>()
  /** The label maps drawn as outlines, as loaded, and the axis their outline is drawn across now: each plane
   * change redraws the outlines from these. */
  private readonly outlines = new Map<OverlayKind, OutlineSource>()
  /** Drawings undone, newest last; NiiVue keeps only an undo ring, so redo is ours. Cleared by a new edit. */
  private redoStack: Uint8Array[] = []
  private restoring = false
  private readonly volumes = new LabelVolumeTracker()
  private measurements: number[] = []
  /** The latest label volumes: one object per change, so React can hold it as an external store's snapshot. */
  private volumeSnapshot: LabelVolumes = { counts: new Uint32Array(256), voxelMm3: 1 }
  /** Pointer position over the canvas in CSS pixels, null when it is elsewhere. */
  private pointer: [number, number] | null = null
  private readoutFrame = 0
  private strokeFrame = 0
  /** A brush or eraser stroke is under way: whole-drawing recounts wait for its end (they would reset the tracker). */
  private painting = false
  private recountTimer: ReturnType<typeof setTimeout> | undefined
  private detachCanvas: () => void = () => undefined
  private resolveRendered!: () => void
  /** Resolves once the volume and its label map are on screen: what E2E tests wait for. */
  readonly rendered: Promise<void> = new Promise((resolve) => {
    this.resolveRendered = resolve
  })

  constructor() {
    this.nv = new Niivue({
      backColor: [0, 0, 0, 1],
      crosshairColor: [1, 0.85, 0, 0.35],
      crosshairWidth: 0.15,
      crosshairWidthUnit: 'mm',
      dragAndDropEnabled: false,
      // Right-drag: live window/level as on a PACS (horizontal: width, vertical: level).
      dragMode: DRAG_MODE.windowing,
      isRadiologicalConvention: true,
      // Single views get large HTML markers from the page; NiiVue's own letters label the multiplanar tiles.
      isOrientationTextVisible: false,
      showAllOrientationMarkers: true,
      measureLineColor: [1, 0.85, 0, 1],
      measureTextColor: [1, 0.85, 0, 1],
      showMeasureUnits: true,
      isNearestInterpolation: true,
      penSize: 3,
      maxDrawUndoBitmaps: 32,
      // Our own hotkeys (b, e, ctrl+z, …) live at page level; NiiVue's view-cycling keys would fight them.
      viewModeHotKey: '',
      clipPlaneHotKey: '',
      cycleClipPlaneHotKey: '',
      logLevel: 'warn',
    })
    this.nv.addEventListener('drawingChanged', (event) => {
      if (!this.restoring && event.detail.action !== 'undo') this.redoStack = []
      this.emit('labelmapEdited', { action: event.detail.action })
      this.scheduleRecount()
    })
    this.nv.addEventListener('locationChange', () => this.scheduleReadout())
    this.nv.addEventListener('measurementCompleted', (event) => {
      this.measurements = [...this.measurements, event.detail.distance]
      this.emit('measurements', this.measurements)
    })
  }

  async attach(canvas: HTMLCanvasElement): Promise<void> {
    await measured('radloop:viewer-start', () => this.nv.attachToCanvas(canvas))
    skipVolumeRenderGradient(this.nv)
    this.nv.setSliceType(PLANES[this.plane])
    this.detachCanvas = this.listenToCanvas(canvas)
  }

  /**
   * Canvas listeners for the read-outs: NiiVue reports crosshair moves but not the pointer, a live window/level
   * drag or a brush stroke in progress. Pointer events fire before NiiVue's mouse events, so `pointerdown` sees the
   * drawing as it was before the stroke's first dab.
   */
  private listenToCanvas(canvas: HTMLCanvasElement): () => void {
    const toCss = (event: PointerEvent | WheelEvent): [number, number] => {
      const rect = canvas.getBoundingClientRect()
      return [event.clientX - rect.left, event.clientY - rect.top]
    }
    const onDown = (event: PointerEvent) => {
      if (event.button !== 0 || (this.tool !== 'brush' && this.tool !== 'eraser')) return
      const bitmap = this.nv.drawBitmap
      const dims = this.rasDims()
      if (!bitmap || !dims) return
      this.painting = true
      this.volumes.beginStroke(bitmap, dims, this.crosshairVoxel())
    }
    const onUp = () => {
      if (!this.painting) return
      this.painting = false
      this.scheduleRecount()
    }
    const onMove = (event: PointerEvent) => {
      this.pointer = toCss(event)
      this.scheduleReadout()
      if (event.buttons & 1 && (this.tool === 'brush' || this.tool === 'eraser')) this.scheduleStrokeVolumes()
    }
    const onLeave = () => {
      this.pointer = null
      this.scheduleReadout()
    }
    const onWheel = (event: WheelEvent) => {
      this.pointer = toCss(event)
      this.scheduleReadout()
    }
    canvas.addEventListener('pointerdown', onDown)
    canvas.addEventListener('pointermove', onMove)
    canvas.addEventListener('pointerleave', onLeave)
    window.addEventListener('pointerup', onUp)
    window.addEventListener('pointercancel', onUp)
    canvas.addEventListener('wheel', onWheel, { passive: true })
    return () => {
      canvas.removeEventListener('pointerdown', onDown)
      canvas.removeEventListener('pointermove', onMove)
      canvas.removeEventListener('pointerleave', onLeave)
      window.removeEventListener('pointerup', onUp)
      window.removeEventListener('pointercancel', onUp)
      canvas.removeEventListener('wheel', onWheel)
    }
  }

  /** The preview's automatic window while it is on screen (see `loadVolume`); null otherwise. */
  private previewWindow: [number, number] | null = null
  private firstSliceMarked = false

  /**
   * Loads the image; `bytes` is a NIfTI file, and the name only tells NiiVue which reader to use. A `preview`
   * (volume-loader.ts) is for looking only: the caller loads the full volume and the label map before enabling
   * tools. The full volume then replaces it where the reader left it: same crosshair position in the patient
   * (millimetres, as the grids differ) and the window they dragged, if they did. Timings are recorded as the
   * performance measures `radloop:<level>:decode` and `radloop:<level>:upload` (GPU work included).
   */
  async loadVolume(bytes: ArrayBuffer, name = 'volume.nii.gz', level: VolumeLevel = 'full'): Promise<void> {
    const image = await measured(`radloop:${level}:decode`, () => NVImage.loadFromUrl({ url: bytes, name }))
    const shown = this.nv.volumes[0]
    const replacing = this.previewWindow !== null && shown !== undefined
    const crosshairMm = replacing ? Array.from(this.nv.frac2mm(this.nv.scene.crosshairPos)).slice(0, 3) : null
    const window = replacing ? windowToCarry(this.previewWindow, [shown.cal_min ?? 0, shown.cal_max ?? 0]) : null
    if (window) [image.cal_min, image.cal_max] = window
    await measured(`radloop:${level}:upload`, () => {
      this.nv.volumes = []
      this.nv.addVolume(image)
      this.nv.setSliceType(PLANES[this.plane])
      if (crosshairMm) this.nv.scene.crosshairPos = this.nv.mm2frac(crosshairMm)
      waitForGpu(this.nv.gl)
    })
    this.previewWindow = level === 'preview' ? [image.cal_min ?? 0, image.cal_max ?? 0] : null
  }

  /** The preview is on screen: the `radloop:first-slice` mark (the benchmark's "first usable slice"). */
  markFirstSlice(): void {
    this.nv.drawScene()
    waitForGpu(this.nv.gl)
    if (!this.firstSliceMarked) performance.mark('radloop:first-slice')
    this.firstSliceMarked = true
  }

  /** The editable label map: the model's prediction, or an empty drawing when there is none. */
  async setLabelmap(bytes: ArrayBuffer | null, name = 'prediction.nii.gz'): Promise<boolean> {
    if (bytes === null) {
      this.nv.createEmptyDrawing()
      this.nv.drawScene()
      this.scheduleRecount()
      return true
    }
    const drawing = await NVImage.loadFromUrl({ url: bytes, name })
    const ok = this.nv.loadDrawing(drawing)
    if (!ok) this.nv.createEmptyDrawing()
    this.scheduleRecount()
    return ok
  }

  /**
   * One colour per project label. Call it before `loadVolume`: the lookup table then rides along with the volume's
   * first texture upload; afterwards it costs a full re-upload (tens of seconds for a large volume without a GPU).
   */
  setLabelColors(labels: readonly LabelLike[]): void {
    this.nv.drawLut = cmapper.makeDrawLut(buildLabelColormap(labels))
    if (this.nv.volumes.length) this.nv.updateGLVolume()
  }

  /**
   * Adds an overlay above the image (below the drawing, which NiiVue draws last), hidden until `setOverlayVisible`.
   * The uncertainty map is warm; the prediction, the reads and the consensus are drawn as contours in their own
   * colours (`outlineLabels`, `OUTLINE_COLOURS`), so the drawing they are compared with keeps its label colours.
   */
  async setOverlay(bytes: ArrayBuffer, name = 'uncertainty.nii.gz', kind: OverlayKind = 'uncertainty'): Promise<void> {
    const previous = this.overlays.get(kind)
    if (previous) this.nv.removeVolume(previous)
    this.outlines.delete(kind)
    const overlay = await NVImage.loadFromUrl({
      url: bytes,
      name,
      colormap: kind === 'uncertainty' ? 'warm' : 'blue',
      opacity: 0,
    })
    if (kind !== 'uncertainty') {
      if (!this.outlineLabels(overlay, kind)) {
        // Not an integer label map: every label filled in one blue, the background (0) transparent.
        overlay.cal_min = 0.5
        overlay.cal_max = 1
      }
    } else if (overlay.img) {
      // An early model is uncertain almost everywhere; colouring only the top fifth of this patient's voxels keeps
      // the image readable and points at the regions that explain its rank.
      const [low, high] = quantiles(overlay.img, [0.8, 0.995])
      overlay.cal_min = low
      overlay.cal_max = high > low ? high : low + 1e-6
    }
    this.overlays.set(kind, overlay)
    this.nv.addVolume(overlay)
  }

  /**
   * Makes an integer label map draw as the in-plane outlines of its labels (`outline.ts`), each in one colour at
   * full alpha: the voxels inside a label are cleared, so the drawing or another read beneath stays visible. False
   * when the map is not integer (NiiVue's label shader reads only integer voxels).
   */
  private outlineLabels(overlay: NVImage, kind: Exclude<OverlayKind, 'uncertainty'>): boolean {
    const [red, green, blue] = OUTLINE_COLOURS[kind]
    if (!overlay.hdr || !overlay.img || !INTEGER_LABEL_TYPES.has(overlay.hdr.datatypeCode)) return false
    overlay.hdr.intent_code = NIFTI_INTENT_LABEL
    const indices = Array.from({ length: Math.max(1, Math.round(overlay.global_max ?? 1)) + 1 }, (_, i) => i)
    overlay.setColormapLabel({
      R: indices.map(() => red),
      G: indices.map(() => green),
      B: indices.map(() => blue),
      A: indices.map((i) => (i === 0 ? 0 : 255)),
      I: indices,
    })
    const dims = overlay.hdr.dims
    const outline: OutlineSource = { labels: overlay.img as LabelArray, dims: [dims[1], dims[2], dims[3]], axis: null }
    this.outlines.set(kind, outline)
    this.drawOutline(overlay, outline)
    return true
  }

  /** Draws `overlay` as the outline of its labels across the current view; false when it already is. */
  private drawOutline(overlay: NVImage, outline: OutlineSource): boolean {
    const axis = normalAxis(this.plane === 'multiplanar' ? 'axial' : this.plane, overlay.permRAS)
    if (outline.axis === axis) return false
    overlay.img = inPlaneOutline(outline.labels, outline.dims, axis)
    outline.axis = axis
    return true
  }

  /** Redraws the outlines across the view now on screen; a no-op when none is loaded or the view's axis is unchanged;
   * the multiplanar view outlines its axial plane. */
  private refreshOutlines(): void {
    let changed = false
    for (const [kind, outline] of this.outlines) {
      const overlay = this.overlays.get(kind)
      if (overlay && this.drawOutline(overlay, outline)) changed = true
    }
    if (changed) this.nv.updateGLVolume()
  }

  setOverlayVisible(visible: boolean, opacity = 0.5, kind: OverlayKind = 'uncertainty'): void {
    const overlay = this.overlays.get(kind)
    if (!overlay) return
    const index = this.nv.getVolumeIndexByID(overlay.id)
    if (index >= 0) this.nv.setOpacity(index, visible ? opacity : 0)
  }

  setTool(tool: Tool, penValue = this.penValue): void {
    this.tool = tool
    if (tool === 'brush') this.penValue = penValue
    const drawing = tool === 'brush' || tool === 'eraser'
    // The ruler is NiiVue's own measurement drag on the left button; other tools click to move the crosshair.
    this.nv.opts.dragModePrimary = tool === 'ruler' ? DRAG_MODE.measurement : DRAG_MODE.crosshair
    this.nv.setDrawingEnabled(drawing)
    if (drawing) this.nv.setPenValue(tool === 'eraser' ? 0 : this.penValue, false)
  }

  /** Removes every ruler line from the view. */
  clearMeasurements(): void {
    this.nv.clearMeasurements()
    this.measurements = []
    this.emit('measurements', this.measurements)
    this.nv.drawScene()
  }

  /** Radiological (patient's right on screen left, the default) or neurological left-right display. */
  setConvention(convention: Convention): void {
    this.nv.opts.isRadiologicalConvention = convention === 'radiological'
    this.nv.drawScene()
  }

  getTool(): Tool {
    return this.tool
  }

  setPenSize(size: number): void {
    this.nv.opts.penSize = Math.max(1, Math.round(size))
  }

  setDrawOpacity(opacity: number): void {
    this.nv.setDrawOpacity(opacity)
  }

  setPlane(plane: ViewPlane): void {
    this.plane = plane
    this.nv.opts.isOrientationTextVisible = plane === 'multiplanar'
    this.nv.setSliceType(PLANES[plane])
    this.refreshOutlines()
    this.scheduleReadout()
  }

  undo(): void {
    const current = this.nv.drawBitmap
    if (current) this.redoStack.push(current.slice())
    this.restoring = true
    try {
      this.nv.drawUndo()
    } finally {
      this.restoring = false
    }
  }

  canRedo(): boolean {
    return this.redoStack.length > 0
  }

  redo(): void {
    const next = this.redoStack.pop()
    if (!next || !this.nv.drawBitmap || next.length !== this.nv.drawBitmap.length) return
    this.nv.drawBitmap.set(next)
    this.nv.drawAddUndoBitmap()
    this.nv.refreshDrawing(true)
    this.emit('labelmapEdited', { action: 'redo' })
    this.scheduleRecount()
  }

  /**
   * Threshold / region-grow fill: paints the current label into the voxels of the visible slice that are connected
   * to the crosshair and whose intensity lies in [low, high] (image units). Returns how many voxels it painted.
   */
  fillRegion(low: number, high: number): number {
    const image = this.nv.volumes[0]
    const bitmap = this.nv.drawBitmap
    const dims = this.nv.back?.dims
    if (!image || !bitmap || !dims) return 0
    const shape: [number, number, number] = [dims[1], dims[2], dims[3]]
    const seed = this.nv.frac2vox(this.nv.scene.crosshairPos) as unknown as [number, number, number]
    const axis: 0 | 1 | 2 = this.plane === 'sagittal' ? 0 : this.plane === 'coronal' ? 1 : 2
    const slope = image.hdr?.scl_slope || 1
    const inter = image.hdr?.scl_inter || 0
    const ras = image.img2RAS()
    const voxels = regionGrowSlice(ras, shape, seed, axis, low, high, (raw) => raw * slope + inter)
    if (voxels.length === 0) return 0
    const value = this.tool === 'eraser' ? 0 : this.penValue
    for (const i of voxels) bitmap[i] = value
    this.commitEdit('fill')
    return voxels.length
  }

  /**
   * Fill between slices: interpolates `label` across the empty slices between the slices it is painted on, along
   * the axis the current view looks along. Null in the multiplanar view, which has no single axis.
   */
  fillBetweenSlices(label: number): SliceFillResult | null {
    const bitmap = this.nv.drawBitmap
    const dims = this.rasDims()
    if (!bitmap || !dims || this.plane === 'multiplanar') return null
    const axis = this.plane === 'sagittal' ? 0 : this.plane === 'coronal' ? 1 : 2
    const result = fillBetweenSlices(bitmap, dims, axis, label)
    if (result.voxels) this.commitEdit('fill-between-slices')
    return result
  }

  /**
   * 3D region grow from the crosshair: paints `label` into the background voxels face-connected to it whose
   * intensity (image units) lies in [low, high]. Other labels are walls. `region`: voxels the grow reached.
   */
  growRegion3D(label: number, low: number, high: number): { region: number; painted: number } {
    const image = this.nv.volumes[0]
    const bitmap = this.nv.drawBitmap
    const dims = this.rasDims()
    if (!image || !bitmap || !dims) return { region: 0, painted: 0 }
    const slope = image.hdr?.scl_slope || 1
    const inter = image.hdr?.scl_inter || 0
    const seed = this.crosshairVoxel().slice(0, 3) as [number, number, number]
    const passable = (i: number) => bitmap[i] === 0 || bitmap[i] === label
    const region = regionGrow3D(image.img2RAS(), dims, seed, low, high, (raw) => raw * slope + inter, passable)
    let painted = 0
    for (const i of region) {
      if (bitmap[i] !== 0) continue
      bitmap[i] = label
      painted++
    }
    if (painted) this.commitEdit('grow-3d')
    return { region: region.length, painted }
  }

  /** Clears the pieces of `label` smaller than `minVoxels` (NiiVue's 26-connected `bwlabel`); the largest stays. */
  removeSmallIslands(label: number, minVoxels: number): IslandResult | null {
    const bitmap = this.nv.drawBitmap
    const dims = this.rasDims()
    if (!bitmap || !dims) return null
    const result = removeSmallIslands(bitmap, dims, label, minVoxels, (mask, shape) =>
      this.nv.bwlabel(mask, shape, 26, false),
    )
    if (result.removedVoxels) this.commitEdit('remove-islands')
    return result
  }

  /** Smooths `label` by a closing with a ball of `radiusMm` (holes and notches fill in); returns the voxels added. */
  closeLabel(label: number, radiusMm: number): number {
    const bitmap = this.nv.drawBitmap
    const dims = this.rasDims()
    const spacing = this.nv.back?.pixDimsRAS
    if (!bitmap || !dims || !spacing) return 0
    const added = closeLabel(bitmap, dims, [spacing[1], spacing[2], spacing[3]], label, radiusMm)
    if (added) this.commitEdit('close')
    return added
  }

  /**
   * After an edit made on the bitmap directly: one undo step (so Ctrl+Z takes back exactly this edit), the GPU
   * copy, and the `labelmapEdited` that autosaves the draft and recounts the label volumes.
   */
  private commitEdit(action: string): void {
    this.redoStack = []
    this.nv.drawAddUndoBitmap()
    this.nv.refreshDrawing(true)
    this.emit('labelmapEdited', { action })
    this.scheduleRecount()
  }

  /** Intensity at the crosshair (image units), to seed the fill range. */
  crosshairIntensity(): number | null {
    const image = this.nv.volumes[0]
    const dims = this.nv.back?.dims
    if (!image || !dims) return null
    const [x, y, z] = (this.nv.frac2vox(this.nv.scene.crosshairPos) as unknown as number[]).map(Math.round)
    const ras = image.img2RAS()
    const raw = ras[x + y * dims[1] + z * dims[1] * dims[2]]
    return raw === undefined ? null : raw * (image.hdr?.scl_slope || 1) + (image.hdr?.scl_inter || 0)
  }

  /** Window/level preset: CT ones in HU, the automatic ones from this image's percentiles. */
  applyWindowPreset(name: WindowPresetName, modality: string): void {
    const image = this.nv.volumes[0]
    if (!image) return
    const preset = presetsFor(modality).find((p) => p.name === name)
    if (!preset) return
    if (preset.widthLevel) {
      ;[image.cal_min, image.cal_max] = windowRange(preset.widthLevel)
    } else if (preset.percentiles && image.img) {
      const slope = image.hdr?.scl_slope || 1
      const inter = image.hdr?.scl_inter || 0
      const { low: qLow, high: qHigh, tissueOnly } = preset.percentiles
      const raw = tissueOnly ? tissueQuantiles(image.img, [qLow, qHigh]) : quantiles(image.img, [qLow, qHigh])
      const [low, high] = raw.map((v) => v * slope + inter)
      image.cal_min = low
      image.cal_max = high > low ? high : low + 1
    } else {
      this.resetContrast()
      return
    }
    this.nv.updateGLVolume()
    this.scheduleReadout()
  }

  getWindow(): [number, number] | null {
    const image = this.nv.volumes[0]
    return image ? [image.cal_min ?? 0, image.cal_max ?? 0] : null
  }

  /** Zoom the 2D views by `factor` around the current centre (1 = reset). */
  zoom(factor: number): void {
    const [x, y, z, scale] = this.nv.scene.pan2Dxyzmm
    const next = factor === 1 ? 1 : Math.min(8, Math.max(0.5, scale * factor))
    this.nv.setPan2Dxyzmm([factor === 1 ? 0 : x, factor === 1 ? 0 : y, factor === 1 ? 0 : z, next])
  }

  getZoom(): number {
    return this.nv.scene.pan2Dxyzmm[3]
  }

  /** What a right-button drag does: window/level (default) or pan. */
  setRightDrag(mode: RightDrag): void {
    // 'contrast' is NiiVue's live windowing (not its box-select contrast), so the read-out follows the drag.
    this.nv.opts.dragMode = mode === 'pan' ? DRAG_MODE.pan : DRAG_MODE.windowing
  }

  /** Moves `delta` slices through the axis the current plane looks along (axial for the multiplanar view). */
  scrollSlice(delta: number): void {
    if (!this.nv.volumes.length) return
    if (this.plane === 'sagittal') this.nv.moveCrosshairInVox(delta, 0, 0)
    else if (this.plane === 'coronal') this.nv.moveCrosshairInVox(0, delta, 0)
    else this.nv.moveCrosshairInVox(0, 0, delta)
    this.scheduleReadout()
  }

  /** Restores the image's automatic window/level after right-drag contrast changes. */
  resetContrast(): void {
    const image = this.nv.volumes[0]
    if (!image) return
    image.cal_min = image.robust_min ?? image.global_min ?? image.cal_min
    image.cal_max = image.robust_max ?? image.global_max ?? image.cal_max
    this.nv.updateGLVolume()
    this.scheduleReadout()
  }

  /** Shape of the background image on its own (native) voxel grid. */
  getImageShape(): [number, number, number] | null {
    const dims = this.nv.volumes[0]?.hdr?.dims
    return dims ? spatialShape(dims) : null
  }

  /**
   * The label map as an uncompressed NIfTI on the image's own voxel grid. NiiVue keeps the drawing in RAS order
   * internally; `saveImage({isSaveDrawing})` writes it with the image's header and permutes it back to the native
   * voxel order, and an empty filename returns the bytes instead of downloading them.
   */
  async getLabelmap(): Promise<Uint8Array> {
    const result = await this.nv.saveImage({ filename: '', isSaveDrawing: true, volumeByIndex: 0 })
    if (!(result instanceof Uint8Array)) throw new Error('There is no drawing to export.')
    return result
  }

  markRendered(): void {
    this.nv.drawScene()
    // Reading one pixel back waits until the GPU has really drawn the slice (texture uploads included), so the
    // mark below is the time the radiologist sees the image, not the time the draw call was queued.
    const gl = this.nv.gl
    if (gl) gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4))
    // Read by benchmarks/system/viewer_first_slice.py (ms since navigation start): the full volume and its label
    // map on screen, and the first slice too when no preview came first.
    if (!this.firstSliceMarked) performance.mark('radloop:first-slice')
    this.firstSliceMarked = true
    performance.mark('radloop:full-resolution')
    this.resolveRendered()
    this.emit('rendered', undefined)
    this.scheduleReadout()
  }

  /** The read-outs now (also pushed through the `readout` event whenever they may have changed). */
  readout(): ViewerReadout {
    const image = this.nv.volumes[0]
    const dims = this.rasDims()
    if (!image || !dims) return { plane: this.plane, slices: [], window: null, cursor: null, span: 1 }
    const voxel = this.crosshairVoxel()
    const planes: SinglePlane[] = this.plane === 'multiplanar' ? ['axial', 'coronal', 'sagittal'] : [this.plane]
    const min = image.cal_min ?? 0
    const max = image.cal_max ?? 0
    return {
      plane: this.plane,
      slices: planes.map((plane) => slicePosition(plane, voxel, dims)),
      window: { ...windowLevel([min, max]), min, max },
      cursor: this.pointer ? this.valueAt(this.pointer) : null,
      span: Math.max(Math.abs(max - min), Math.abs((image.global_max ?? 0) - (image.global_min ?? 0))),
    }
  }

  /** The label volumes now (also pushed through the `labelVolumes` event after every edit). */
  labelVolumes(): LabelVolumes {
    return this.volumeSnapshot
  }

  getMeasurements(): number[] {
    return this.measurements
  }

  /** The image value under canvas position `css` (CSS pixels), as NiiVue's own location read-out computes it. */
  private valueAt([x, y]: [number, number]): ViewerReadout['cursor'] {
    const image = this.nv.volumes[0]
    const canvas = this.nv.canvas
    if (!image || !canvas) return null
    const rect = canvas.getBoundingClientRect()
    const scale = rect.width > 0 ? canvas.width / rect.width : 1
    const frac = this.nv.canvasPos2frac([x * scale, y * scale])
    if (frac[0] < 0) return null
    const native = image.mm2vox(Array.from(this.nv.frac2mm(frac, 0, true)).slice(0, 3)) as unknown as number[]
    const value = image.getValue(native[0], native[1], native[2])
    if (!Number.isFinite(value)) return null
    return { value, voxel: [native[0], native[1], native[2]].map(Math.round) as [number, number, number] }
  }

  private rasDims(): [number, number, number] | null {
    const dims = this.nv.back?.dimsRAS
    return dims ? [dims[1], dims[2], dims[3]] : null
  }

  private crosshairVoxel(): number[] {
    return Array.from(this.nv.frac2vox(this.nv.scene.crosshairPos) as unknown as ArrayLike<number>)
  }

  private voxelMm3(): number {
    const pixDims = this.nv.back?.hdr?.pixDims
    return pixDims ? voxelVolumeMm3(pixDims.slice(1, 4)) : 1
  }

  private scheduleReadout(): void {
    if (this.readoutFrame) return
    this.readoutFrame = requestAnimationFrame(() => {
      this.readoutFrame = 0
      this.emit('readout', this.readout())
    })
  }

  /** While a stroke is painted: recount only the slice it paints, once per frame. */
  private scheduleStrokeVolumes(): void {
    if (this.strokeFrame) return
    this.strokeFrame = requestAnimationFrame(() => {
      this.strokeFrame = 0
      const bitmap = this.nv.drawBitmap
      const dims = this.rasDims()
      const penPlane = this.nv.drawPenAxCorSag // 0 axial, 1 coronal, 2 sagittal; -1 when no stroke is under way
      if (!bitmap || !dims || penPlane < 0 || penPlane > 2) return
      const axis = (2 - penPlane) as 0 | 1 | 2
      this.publishVolumes(this.volumes.during(bitmap, dims, axis))
    })
  }

  /** After a committed edit: count the whole drawing, off the input handler that committed it. */
  private scheduleRecount(): void {
    clearTimeout(this.recountTimer)
    this.recountTimer = setTimeout(() => {
      const bitmap = this.nv.drawBitmap
      if (!bitmap || this.painting) return // the stroke's end recounts
      this.publishVolumes(this.volumes.recount(bitmap))
    }, 0)
  }

  private publishVolumes(counts: LabelCounts): void {
    this.volumeSnapshot = { counts, voxelMm3: this.voxelMm3() }
    this.emit('labelVolumes', this.volumeSnapshot)
  }

  on<K extends keyof ViewerEvents>(event: K, listener: Listener<K>): () => void {
    const set = this.listeners.get(event) ?? new Set()
    set.add(listener as Listener<keyof ViewerEvents>)
    this.listeners.set(event, set)
    return () => set.delete(listener as Listener<keyof ViewerEvents>)
  }

  dispose(): void {
    this.listeners.clear()
    this.detachCanvas()
    cancelAnimationFrame(this.readoutFrame)
    cancelAnimationFrame(this.strokeFrame)
    clearTimeout(this.recountTimer)
    this.nv.cleanup()
  }

  private emit<K extends keyof ViewerEvents>(event: K, payload: ViewerEvents[K]): void {
    this.listeners.get(event)?.forEach((listener) => listener(payload))
  }
}
