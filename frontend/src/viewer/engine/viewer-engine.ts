/**
 * The only module that talks to NiiVue. React components hold a ViewerEngine in a ref and call its typed
 * methods; they never reach into the library, so swapping or upgrading the renderer stays local to this file.
 */
import { DRAG_MODE, NVImage, Niivue, SLICE_TYPE, cmapper } from '@niivue/niivue'
import { quantiles } from './intensity'
import { buildLabelColormap, type LabelLike, spatialShape } from './label-colormap'

export type Tool = 'navigate' | 'brush' | 'eraser'
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
    this.nv.addEventListener('drawingChanged', (event) => this.emit('labelmapEdited', { action: event.detail.action }))
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

  setLabelColors(labels: readonly LabelLike[]): void {
    this.nv.drawLut = cmapper.makeDrawLut(buildLabelColormap(labels))
    this.nv.updateGLVolume()
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
    this.nv.drawUndo()
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
