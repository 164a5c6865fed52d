// Photos from the phone's camera: shrunk in the browser before upload (a 12-megapixel shot becomes
// a few hundred KB), and uploaded to /api/files, whose id a case or patrol then references.
import { ApiError, api } from '../../lib/api.ts';

const MAX_EDGE = 1600;
const QUALITY = 0.82;

/** A JPEG of at most MAX_EDGE pixels on its long side; the original when the browser cannot decode it. */
export async function resizePhoto(file: Blob): Promise<Blob> {
  try {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, MAX_EDGE / Math.max(bitmap.width, bitmap.height));
    const w = Math.max(1, Math.round(bitmap.width * scale));
    const h = Math.max(1, Math.round(bitmap.height * scale));
    const canvas = document.createElement('canvas');
    canvas.width = w;
    canvas.height = h;
    const ctx = canvas.getContext('2d');
    if (!ctx) return file;
    // JPEG has no transparency: paint white first so PNG screenshots do not turn black.
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, w, h);
    ctx.drawImage(bitmap, 0, 0, w, h);
    bitmap.close();
    const out = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', QUALITY));
    // Keep whichever is smaller: a tiny PNG can beat its JPEG.
    return out && (out.size < file.size || scale < 1) ? out : file;
  } catch {
    return file;
  }
}

/** Upload one photo; returns its file id. Throws ApiError (status 0 when the network is down). */
export async function uploadPhoto(blob: Blob, name = 'photo.jpg'): Promise<string> {
  const info = await api.me();
  if (!info) throw new ApiError({ type: 'about:blank', title: 'Unauthorized', status: 401, code: 'auth.required' });
  const body = new FormData();
  body.append('file', blob, name);
  let res: Response;
  try {
    res = await fetch('/api/files', { method: 'POST', body, credentials: 'same-origin', headers: { 'x-csrf-token': info.csrfToken, accept: 'application/json' } });
  } catch {
    throw new ApiError({ type: 'about:blank', title: 'Network Error', status: 0, code: 'network.unreachable' });
  }
  const data: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const problem = data && typeof data === 'object' && 'code' in data ? (data as ConstructorParameters<typeof ApiError>[0]) : { type: 'about:blank', title: res.statusText, status: res.status, code: `http.${res.status}` };
    throw new ApiError(problem);
  }
  return (data as { id: string }).id;
}
