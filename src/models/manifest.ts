// The bundled-model manifest (public/models/manifest.json): what the app's picker lists and what
// tests iterate over. Input shapes here are the sizes Kiln runs a model at by default.
export interface ManifestInput {
  readonly name: string;
  readonly shape: readonly number[];
  /** Fixed values (e.g. a sample rate) instead of random data. */
  readonly values?: readonly number[];
}

export interface ManifestEntry {
  readonly id: string;
  readonly file: string;
  readonly name: string;
  readonly description: string;
  readonly source: string;
  readonly license: string;
  readonly inputs: readonly ManifestInput[];
}

export interface Manifest {
  readonly default: string;
  readonly models: readonly ManifestEntry[];
}
