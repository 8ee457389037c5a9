/**
 * Image set import: every listed file is read once (content sha256, header,
 * a full decode, a 64-pixel thumbnail) and gets a row, usable or not — a
 * corrupt, refused or duplicate image stays listed with the reason, and the
 * good ones are still used. One image in memory at a time. Then the usable
 * images get a stratified, seeded train/validation/test split. The set stays
 * 'importing' (invisible) until its last transaction.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { AssayError } from '../../../preload/contract/errors';
import type { ImageSetSummary } from '../../../preload/contract/images';
import { thumbnailRgba } from '../../ml/images/pixels';
import { stratifiedSplit } from '../../ml/images/split';
import type { ImageImportJobSpec } from '../../protocol';
import type { JobContext } from '../../runtime/context';
import { connectForBulkWrites } from '../../project/open';
import { decodeImage, encodePng, ImageRefused } from '../../images/decode';
import { notRegular } from '../../ingest/formats/regular-file';
import { listImages } from './scan';
import { completeImageSet, imageInserter, readSetSummary, usableImageLabels, type ImportedImage } from '../../project/images';

export async function runImageImport(spec: ImageImportJobSpec, ctx: JobContext): Promise<ImageSetSummary> {
  const listing = listImages(spec.import.source, spec.roots ?? null);
  if (listing.outside) ctx.log('warn', `${listing.outside} image(s) the CSV lists are outside the folders this server may use (--root): left out.`);
  const db = connectForBulkWrites(spec.projectPath);
  try {
    const flush = imageInserter(db, spec.setId);
    const pending: ImportedImage[] = [];
    const seen = new Map<string, string>();
    const total = listing.images.length;
    for (const [i, img] of listing.images.entries()) {
      ctx.checkCancelled();
      let bytes: Buffer;
      try {
        // A listed path may be a FIFO or a device (a CSV can point anywhere): reading one would never end.
        const what = notRegular(fs.statSync(img.path));
        if (what) {
          pending.push({ ...img, sha256: '', width: null, height: null, status: 'refused', issue: `Not read: it is ${what}, not a regular file.`, thumbnail: null });
          continue;
        }
        bytes = fs.readFileSync(img.path);
      } catch (err) {
        pending.push({ ...img, sha256: '', width: null, height: null, status: 'corrupt', issue: `Cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, thumbnail: null });
        continue;
      }
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const first = seen.get(sha256);
      if (first !== undefined) {
        pending.push({ ...img, sha256, width: null, height: null, status: 'duplicate', issue: `Same content as ${first}`, thumbnail: null });
      } else {
        seen.set(sha256, img.path);
        try {
          // A full decode proves the image usable; training decodes it again when it needs the pixels.
          const decoded = await decodeImage(bytes);
          pending.push({ ...img, sha256, width: decoded.width, height: decoded.height, status: 'ok', issue: null, thumbnail: encodePng(thumbnailRgba(decoded, 64)) });
        } catch (err) {
          const refused = err instanceof ImageRefused;
          pending.push({ ...img, sha256, width: null, height: null, status: refused ? 'refused' : 'corrupt', issue: err instanceof Error ? err.message : String(err), thumbnail: null });
        }
      }
      if (pending.length >= 100) flush(pending.splice(0));
      ctx.progress({ kind: 'images-import', value: (i + 1) / total, title: 'Importing images', detail: `${i + 1} of ${total}` });
    }
    flush(pending.splice(0));

    const ok = usableImageLabels(db, spec.setId);
    const counts = new Map<string, number>();
    for (const r of ok) counts.set(r.label, (counts.get(r.label) ?? 0) + 1);
    const classes = [...counts.keys()].sort((a, b) => a.localeCompare(b));
    const bad = total - ok.length;
    if (classes.length < 2) {
      const what = classes.length === 0 ? 'No image could be used' : `Only one class ('${classes[0]}', ${ok.length} usable images) was found`;
      throw new AssayError(
        'BAD_INPUT',
        `${what}${bad ? ` (${bad} corrupt, refused or duplicate)` : ''}. A classifier needs at least two classes: add a subfolder of images for each other class.`,
      );
    }
    const index = new Map(classes.map((c, k) => [c, k]));
    const splits = stratifiedSplit(ok.map((r) => index.get(r.label)!), spec.import.validationFraction ?? 0.15, spec.import.testFraction ?? 0.15, spec.import.seed ?? 42);
    completeImageSet(db, spec.setId, ok, splits, classes, [
      ...listing.notes,
      ...(listing.skipped ? [`${listing.skipped} file(s) that are not PNG, JPEG or WebP were skipped.`] : []),
    ]);
    ctx.progress({ kind: 'images-import', value: 1, title: 'Importing images', detail: `${ok.length} usable, ${bad} with issues` }, true);
    return readSetSummary(db, spec.setId);
  } finally {
    db.close();
  }
}
