/**
 * The body of a POST /predict to an image model: raw bytes sent with
 * Content-Type image/*, or JSON `{"image": BASE64}` / `{"images": [BASE64, …]}`
 * (a `data:image/…;base64,` prefix is accepted, as browsers produce it).
 * Only the envelope is checked here; whether the bytes are a usable image is
 * the model thread's decoder's call.
 */
export interface ImageRequestProblem {
  readonly image: number | null;
  readonly message: string;
}

export type ParsedImages =
  | { readonly ok: true; readonly images: readonly Uint8Array[] }
  | { readonly ok: false; readonly status: 400 | 413; readonly reason: 'bad_json' | 'bad_input' | 'too_large'; readonly error: string; readonly details: readonly ImageRequestProblem[] };

/** Images in one request; above it, 413 (each is a forward pass; large batches belong in `assay predict`). */
export const maxImagesPerRequest = 64;

const base64Text = /^[A-Za-z0-9+/_-]*={0,2}$/;

function bad(error: string, details: readonly ImageRequestProblem[] = [], reason: 'bad_json' | 'bad_input' = 'bad_input'): ParsedImages {
  return { ok: false, status: 400, reason, error, details };
}

function fromBase64(value: unknown, i: number): Uint8Array | ImageRequestProblem {
  if (typeof value !== 'string') return { image: i, message: `Expected a base64 string, got ${value === null ? 'null' : typeof value}.` };
  const text = value.replace(/^data:[^,]*;base64,/, '').replace(/\s+/g, '');
  // Buffer.from(…, 'base64') skips what it cannot read: check first, or a typo would become a "corrupt image".
  if (text.length === 0) return { image: i, message: 'The image is empty.' };
  if (!base64Text.test(text)) return { image: i, message: 'Not base64: send the file bytes base64-encoded (PNG, JPEG or WebP).' };
  return new Uint8Array(Buffer.from(text, 'base64'));
}

export function parseImageRequest(body: Buffer, contentType: string | undefined): ParsedImages {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type.startsWith('image/')) {
    if (body.length === 0) return bad('The body is empty: send the image bytes.', [{ image: 0, message: 'The image is empty.' }]);
    return { ok: true, images: [new Uint8Array(body.buffer, body.byteOffset, body.byteLength)] };
  }
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch (err) {
    return bad(`The body is not valid JSON: ${err instanceof Error ? err.message : String(err)}`, [], 'bad_json');
  }
  const usage = 'An image model takes {"image": "<base64 PNG/JPEG/WebP>"}, {"images": ["<base64>", …]} or the raw bytes with Content-Type image/*.';
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return bad(usage);
  const obj = json as Record<string, unknown>;
  const list: unknown[] | null = 'images' in obj ? (Array.isArray(obj['images']) ? obj['images'] : null) : 'image' in obj ? [obj['image']] : null;
  if (list === null) return bad(usage);
  if (list.length === 0) return bad('"images" is empty: send at least one image.');
  if (list.length > maxImagesPerRequest) return { ok: false, status: 413, reason: 'too_large', error: `${list.length} images in one request; at most ${maxImagesPerRequest}. Split the batch.`, details: [] };
  const images: Uint8Array[] = [];
  const problems: ImageRequestProblem[] = [];
  list.forEach((v, i) => {
    const r = fromBase64(v, i);
    if (r instanceof Uint8Array) images.push(r);
    else problems.push(r);
  });
  if (problems.length) return bad(`${problems.length} of ${list.length} images cannot be read; nothing was predicted.`, problems);
  return { ok: true, images };
}
