// Opening models: the bundled ones from the manifest, or a file the user picks or drops. Only the
// newest request may land; a failure only sets the banner, so the open model stays usable.
import { InputError } from '../../ir/errors.ts';
import type { Manifest } from '../../models/manifest.ts';
import { checkModelSize, maxModelBytesFrom, readModel } from '../load/read-model.ts';
import type { DocumentSource } from '../store/document-slice.ts';
import { useKiln } from '../store/store.ts';
import { describeError } from './describe-error.ts';

const BASE = import.meta.env.BASE_URL;
let latest = 0;

const sizeLimit = () => maxModelBytesFrom(window.location.search);

/** Loads the manifest, then the model named by `?model=` or the manifest's default. */
export async function startApp(): Promise<void> {
  let manifest: Manifest;
  try {
    const res = await fetch(`${BASE}models/manifest.json`);
    if (!res.ok) throw new Error(`the server answered ${res.status} for models/manifest.json`);
    manifest = (await res.json()) as Manifest;
  } catch (e) {
    useKiln.getState().loadFailed(describeError(e, 'Cannot list the bundled models'));
    return;
  }
  useKiln.getState().setManifest(manifest);
  const wanted = new URLSearchParams(window.location.search).get('model');
  await openBundled(manifest.models.some((m) => m.id === wanted) ? wanted! : manifest.default);
}

export async function openBundled(id: string): Promise<void> {
  const entry = useKiln.getState().manifest?.models.find((m) => m.id === id);
  if (!entry) {
    useKiln.getState().loadFailed(`There is no bundled model '${id}'`);
    return;
  }
  await load(entry.name, { kind: 'bundled', entry }, entry.file, async () => {
    const res = await fetch(`${BASE}models/${entry.file}`);
    // A dev server answers a missing file with its index page; say what is really wrong.
    if (!res.ok || res.headers.get('content-type')?.includes('text/html')) {
      throw new InputError(`models/${entry.file} is missing on the server (npm install copies the npm-shipped models there)`);
    }
    const length = Number(res.headers.get('content-length'));
    if (length) checkModelSize(entry.file, length, sizeLimit());
    return new Uint8Array(await res.arrayBuffer());
  });
  const source = useKiln.getState().document?.source;
  if (source?.kind !== 'bundled' || source.entry.id !== id) return;
  // The address names the open model, so a reload or a shared link opens it again.
  const url = new URL(window.location.href);
  url.searchParams.set('model', id);
  window.history.replaceState(null, '', url);
}

export async function openFile(file: File): Promise<void> {
  await load(file.name, { kind: 'file', fileName: file.name }, file.name, async () => {
    // Checked before reading: a 3 GB file must not be pulled into memory just to be refused.
    checkModelSize(file.name, file.size, sizeLimit());
    return new Uint8Array(await file.arrayBuffer());
  });
  const source = useKiln.getState().document?.source;
  if (source?.kind !== 'file' || source.fileName !== file.name) return;
  // A local file cannot be named in the address; drop the bundled model's name so a reload does not lie.
  const url = new URL(window.location.href);
  url.searchParams.delete('model');
  window.history.replaceState(null, '', url);
}

async function load(label: string, source: DocumentSource, fileName: string, read: () => Promise<Uint8Array>): Promise<void> {
  const ticket = ++latest;
  const store = useKiln.getState();
  store.loadStarted(label);
  const t0 = performance.now();
  try {
    const bytes = await read();
    if (ticket !== latest) return;
    const { model, warnings } = readModel(fileName, bytes, sizeLimit());
    useKiln.getState().loadSucceeded({ key: `model-${ticket}`, model, bytes, source, warnings, loadMs: performance.now() - t0 });
  } catch (e) {
    if (ticket !== latest) return;
    useKiln.getState().loadFailed(describeError(e, `Cannot open '${fileName}'`));
  }
}
