/**
 * Getting a large volume on screen fast (issue 17 item 11). For a 512×512×300 int16 CT in headless Chromium with
 * software WebGL (benchmarks/system/viewer_first_slice.py), the download and its gunzip took a few seconds and
 * NiiVue's GPU work per load the rest: first its volume-rendering gradient (a blur and a Sobel pass, 8 trilinear
 * samples per voxel, into two more volume-sized RGBA textures), which only its illuminated 3D render reads, then its
 * orient pass (one draw per slice turning the raw voxels into the RGBA texture the slices are cut from). So:
 *
 * - `skipVolumeRenderGradient` turns the gradient pass into draws that rasterise nothing;
 * - the server's downsampled preview (`GET /api/patients/{id}/volume?level=preview`, at most 4M voxels, so its
 *   orient pass is ~30× cheaper) is drawn first and replaced in place by the full volume (`startVolumeDownloads`,
 *   `ViewerEngine.loadVolume`);
 * - volumes come as `application/x-nifti` with `Content-Encoding: gzip` (get-patient-files.ts), inflated by the
 *   browser's network stack while they download rather than on the main thread.
 *
 * Only the loading logic lives here; NiiVue calls stay in the engine.
 */
import type { Niivue } from '@niivue/niivue'

export type VolumeLevel = 'preview' | 'full'

/**
 * Volumes with more voxels than this open on the preview first. Below it the full volume is on screen about as
 * fast as a preview would be (the server's preview holds at most 4M voxels), so a second download would not pay.
 */
export const PROGRESSIVE_MIN_VOXELS = 16 * 1024 ** 2

export function loadsProgressively(shape: readonly number[]): boolean {
  const voxels = shape.slice(0, 3).reduce((product, n) => product * Math.max(1, n), 1)
  return voxels > PROGRESSIVE_MIN_VOXELS
}

/**
 * The window to give the full volume when it replaces the preview: the reader's own (they dragged the contrast
 * while the preview was up) or null, so the full volume gets its own automatic window rather than the preview's.
 */
export function windowToCarry(
  initial: readonly [number, number] | null,
  current: readonly [number, number] | null,
): [number, number] | null {
  if (!initial || !current) return null
  return initial[0] === current[0] && initial[1] === current[1] ? null : [current[0], current[1]]
}

/** Runs `work` and records its duration as the performance measure `name` (read by the benchmark). */
export async function measured<T>(name: string, work: () => Promise<T> | T): Promise<T> {
  const start = performance.now()
  try {
    return await work()
  } finally {
    performance.measure(name, { start, end: performance.now() })
  }
}

/** Blocks until the GPU has executed everything queued: reading one pixel back cannot finish earlier. */
export function waitForGpu(gl: WebGL2RenderingContext | null | undefined): void {
  gl?.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4))
}

export interface VolumeDownloads {
  /** The preview's bytes; null when the volume needs none, or the preview could not be fetched. */
  preview: Promise<ArrayBuffer | null>
  full: Promise<ArrayBuffer>
}

/**
 * Starts a volume's downloads: the preview first when `progressive`, the full volume once the preview's bytes are
 * in, so on a slow link it does not share the line with the preview, and downloads while the preview is drawn. A
 * preview that cannot be fetched resolves null, so the case opens at full resolution rather than failing for want
 * of a preview. Neither promise rejects unobserved: a failure surfaces where it is awaited.
 */
export function startVolumeDownloads(options: {
  progressive: boolean
  fetchPreview: () => Promise<ArrayBuffer>
  fetchFull: () => Promise<ArrayBuffer>
  signal: AbortSignal
}): VolumeDownloads {
  const { progressive, fetchPreview, fetchFull, signal } = options
  if (!progressive) return observed({ preview: Promise.resolve(null), full: fetchFull() })
  const preview = fetchPreview().catch((error: unknown) => {
    if (signal.aborted) throw error
    return null
  })
  // `preview` rejects only once the case is left (aborted): then nothing more is fetched.
  const full = preview.then(() => fetchFull())
  return observed({ preview, full })
}

function observed(downloads: VolumeDownloads): VolumeDownloads {
  downloads.preview.catch(() => undefined)
  downloads.full.catch(() => undefined)
  return downloads
}

type GradientShader = NonNullable<Niivue['gradientPrePassShader']>

/**
 * NiiVue 0.69 recomputes the background volume's gradient texture on every load and window change, whatever is
 * shown; only its illuminated 3D render reads it (`gradientAmount` or `gradientOpacity` above 0, which Radloop never
 * sets). Its second-order path is swapped for a program whose vertices all lie outside the clip volume, so each of
 * its draws rasterises nothing: with software WebGL those two passes were about 85% of a 512×512×300 load. The
 * first-order path keeps NiiVue's blur shader, which its smoothed 3D drawing also uses. The pass's two RGBA
 * textures (unit 6, and the zero-filled scratch one on unit 8) shrink to one texel per slice: the pass still finds
 * a layer to attach for each slice, and the GPU is spared twice the volume's size in RGBA (630 MB for that CT).
 */
export function skipVolumeRenderGradient(nv: Niivue): void {
  const gl = nv.gl
  if (!gl) return
  const shader = clippedAwayShader(gl)
  if (!shader) return
  nv.opts.gradientOrder = 2
  nv.gradientPrePassShader = shader
  nv.sobelSecondOrderShader = shader
  const rgbaTex = nv.rgbaTex.bind(nv)
  nv.rgbaTex = (texture, unit, dims, isInit = false) => {
    // Unit 8 also holds NiiVue's 2×2×2 placeholder for probabilistic atlases, which keeps its size.
    const gradient = unit === gl.TEXTURE6 || (unit === gl.TEXTURE8 && isInit && dims[3] > 2)
    return gradient ? rgbaTex(texture, unit, [dims[0], 1, 1, dims[3]], false) : rgbaTex(texture, unit, dims, isInit)
  }
}

function clippedAwayShader(gl: WebGL2RenderingContext): GradientShader | null {
  const compile = (type: number, source: string) => {
    const shader = gl.createShader(type)
    if (!shader) return null
    gl.shaderSource(shader, source)
    gl.compileShader(shader)
    return shader
  }
  const vertex = compile(gl.VERTEX_SHADER, '#version 300 es\nvoid main() { gl_Position = vec4(2.0, 2.0, 2.0, 1.0); }')
  const fragment = compile(
    gl.FRAGMENT_SHADER,
    '#version 300 es\nprecision mediump float;\nout vec4 color;\nvoid main() { color = vec4(0.0); }',
  )
  const program = gl.createProgram()
  if (!vertex || !fragment || !program) return null
  gl.attachShader(program, vertex)
  gl.attachShader(program, fragment)
  gl.linkProgram(program)
  if (!gl.getProgramParameter(program, gl.LINK_STATUS)) return null
  // NiiVue sets its uniforms by name: every name is a null location here, which WebGL ignores.
  const uniforms = new Proxy<Record<string, WebGLUniformLocation | null>>({}, { get: () => null })
  return { program, uniforms, use: (context: WebGL2RenderingContext) => context.useProgram(program) }
}
