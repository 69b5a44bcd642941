/**
 * The only module that talks to NiiVue. React components hold a ViewerEngine in a ref and call its typed
 * methods; they never reach into the library, so swapping or upgrading the renderer stays local to this file.
 */
import { DRAG_MODE, NVImage, Niivue, SLICE_TYPE, cmapper } from '@niivue/niivue'
import { quantiles } from './intensity'
import { buildLabelColormap, type LabelLike, spatialShape } from './label-colormap'
import { regionGrowSlice } from './region-grow'
import { type WindowPresetName, presetsFor, windowRange } from './window-presets'

export type Tool = 'navigate' | 'brush' | 'eraser'
export type RightDrag = 'contrast' | 'pan'
export type ViewPlane = 'axial' | 'coronal' | 'sagittal' | 'multiplanar'

export interface ViewerEvents {
  rendered: undefined
  labelmapEdited: { action: string }
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
  private overlay: NVImage | null = null
  /** Drawings undone, newest last; NiiVue keeps only an undo ring, so redo is ours. Cleared by a new edit. */
  private redoStack: Uint8Array[] = []
  private restoring = false
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
      dragMode: DRAG_MODE.contrast,
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
    })
  }

  async attach(canvas: HTMLCanvasElement): Promise<void> {
    await this.nv.attachToCanvas(canvas)
    this.nv.setSliceType(PLANES[this.plane])
  }

  /** Loads the image; `bytes` is a NIfTI file, and the name only tells NiiVue which reader to use. */
  async loadVolume(bytes: ArrayBuffer, name = 'volume.nii.gz'): Promise<void> {
    const image = await NVImage.loadFromUrl({ url: bytes, name })
    this.nv.volumes = []
    this.nv.addVolume(image)
    this.nv.setSliceType(PLANES[this.plane])
  }

  /** The editable label map: the model's prediction, or an empty drawing when there is none. */
  async setLabelmap(bytes: ArrayBuffer | null, name = 'prediction.nii.gz'): Promise<boolean> {
    if (bytes === null) {
      this.nv.createEmptyDrawing()
      this.nv.drawScene()
      return true
    }
    const drawing = await NVImage.loadFromUrl({ url: bytes, name })
    const ok = this.nv.loadDrawing(drawing)
    if (!ok) this.nv.createEmptyDrawing()
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

  /** Adds the uncertainty map as a warm overlay above the image (below the drawing, which NiiVue draws last). */
  async setOverlay(bytes: ArrayBuffer, name = 'uncertainty.nii.gz'): Promise<void> {
    if (this.overlay) this.nv.removeVolume(this.overlay)
    const overlay = await NVImage.loadFromUrl({ url: bytes, name, colormap: 'warm', opacity: 0 })
    // An early model is uncertain almost everywhere; colouring only the top fifth of this patient's voxels keeps
    // the image readable and points at the regions that explain its rank.
    if (overlay.img) {
      const [low, high] = quantiles(overlay.img, [0.8, 0.995])
      overlay.cal_min = low
      overlay.cal_max = high > low ? high : low + 1e-6
    }
    this.overlay = overlay
    this.nv.addVolume(overlay)
  }

  setOverlayVisible(visible: boolean, opacity = 0.5): void {
    if (!this.overlay) return
    const index = this.nv.getVolumeIndexByID(this.overlay.id)
    if (index >= 0) this.nv.setOpacity(index, visible ? opacity : 0)
  }

  setTool(tool: Tool, penValue = this.penValue): void {
    this.tool = tool
    if (tool === 'brush') this.penValue = penValue
    this.nv.setDrawingEnabled(tool !== 'navigate')
    if (tool !== 'navigate') this.nv.setPenValue(tool === 'eraser' ? 0 : this.penValue, false)
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
    this.nv.setSliceType(PLANES[plane])
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
    this.redoStack = []
    this.nv.drawAddUndoBitmap()
    this.nv.refreshDrawing(true)
    this.emit('labelmapEdited', { action: 'fill' })
    return voxels.length
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
    } else if (name === 'mr-auto' && image.img) {
      const slope = image.hdr?.scl_slope || 1
      const inter = image.hdr?.scl_inter || 0
      const [low, high] = quantiles(image.img, [0.01, 0.99]).map((v) => v * slope + inter)
      image.cal_min = low
      image.cal_max = high > low ? high : low + 1
    } else {
      this.resetContrast()
      return
    }
    this.nv.updateGLVolume()
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
    this.nv.opts.dragMode = mode === 'pan' ? DRAG_MODE.pan : DRAG_MODE.contrast
  }

  /** Moves `delta` slices through the axis the current plane looks along (axial for the multiplanar view). */
  scrollSlice(delta: number): void {
    if (!this.nv.volumes.length) return
    if (this.plane === 'sagittal') this.nv.moveCrosshairInVox(delta, 0, 0)
    else if (this.plane === 'coronal') this.nv.moveCrosshairInVox(0, delta, 0)
    else this.nv.moveCrosshairInVox(0, 0, delta)
  }

  /** Restores the image's automatic window/level after right-drag contrast changes. */
  resetContrast(): void {
    const image = this.nv.volumes[0]
    if (!image) return
    image.cal_min = image.robust_min ?? image.global_min ?? image.cal_min
    image.cal_max = image.robust_max ?? image.global_max ?? image.cal_max
    this.nv.updateGLVolume()
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
    // Time to first rendered slice, read by benchmarks/viewer_first_slice.py (ms since navigation start).
    performance.mark('radloop:first-slice')
    this.resolveRendered()
    this.emit('rendered', undefined)
  }

  on<K extends keyof ViewerEvents>(event: K, listener: Listener<K>): () => void {
    const set = this.listeners.get(event) ?? new Set()
    set.add(listener as Listener<keyof ViewerEvents>)
    this.listeners.set(event, set)
    return () => set.delete(listener as Listener<keyof ViewerEvents>)
  }

  dispose(): void {
    this.listeners.clear()
    this.nv.cleanup()
  }

  private emit<K extends keyof ViewerEvents>(event: K, payload: ViewerEvents[K]): void {
    this.listeners.get(event)?.forEach((listener) => listener(payload))
  }
}
