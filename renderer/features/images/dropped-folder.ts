const imageName = /\.(png|jpe?g|webp)$/i;

export interface LabelledImages {
  /** The dropped folder's name: the set's name. */
  readonly root: string;
  readonly items: readonly { readonly file: File; readonly label: string }[];
  /** Files that are not images, or not inside a class folder. */
  readonly skipped: number;
}

/**
 * A dropped folder's files (named `ROOT/CLASS/…/image.png` by filesOfDrop) as images labelled by
 * their class folder: the first folder under the dropped one, as a folder import reads it.
 */
export function labelledImages(files: readonly File[]): LabelledImages {
  const items: { file: File; label: string }[] = [];
  let skipped = 0;
  let root = '';
  for (const file of files) {
    const parts = file.name.split('/');
    if (parts.length < 3 || !imageName.test(file.name)) {
      skipped++;
      continue;
    }
    root ||= parts[0]!;
    items.push({ file, label: parts[1]! });
  }
  return { root, items, skipped };
}

/** Runs `task` over `items`, `limit` at a time (thousands of uploads at once would stall the browser). */
export async function inPool<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await task(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
